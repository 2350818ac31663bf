/** Templates in `src/views`, by what they show. */
export const pageView = {
  upload: 'upload',
  review: 'review',
  moderation: 'moderation',
  dataTeam: 'data-team',
} as const;
