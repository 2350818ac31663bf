// Keyboard shortcuts and the lock's renewal for the moderation page. Without this script every
// action works as a plain HTML form, and the photo stays held for one lock period per page load.
(() => {
  const typing = (element) => element && /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName);
  const actions = {
    a: () => document.getElementById('approve-form')?.requestSubmit(),
    r: () => document.getElementById('reason')?.focus(),
    s: () => document.getElementById('skip-form')?.requestSubmit(),
  };
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(document.activeElement)) return;
    const action = actions[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    action();
  });

  // While the photo is on screen it stays held: renewed every third of the lock.
  const item = document.getElementById('item');
  const lockSeconds = Number(item?.dataset.lockSeconds);
  if (!item || !(lockSeconds > 0)) return;
  const timer = setInterval(
    async () => {
      const response = await fetch(`/moderations/${item.dataset.moderationId}/hold`, {
        method: 'POST',
      }).catch(() => undefined);
      if (response && response.status === 409) {
        clearInterval(timer);
        const notice = document.createElement('p');
        notice.className = 'message error';
        notice.setAttribute('role', 'alert');
        notice.textContent = 'This photo went back to the queue. Reload for the next one.';
        item.before(notice);
      }
    },
    (lockSeconds * 1000) / 3,
  );
})();
