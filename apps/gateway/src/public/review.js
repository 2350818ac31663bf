// The data team's review page. Without this script every time stays in UTC, labelled so, and the
// filter form works as it is.
(() => {
  // Each report's time in the reader's own time zone, named, e.g. "16 Jan 2026, 08:30 GMT+9".
  const local = new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  for (const time of document.querySelectorAll('time.local-time[datetime]')) {
    const date = new Date(time.getAttribute('datetime'));
    if (Number.isNaN(date.getTime())) continue;
    time.title = time.textContent.trim();
    time.textContent = local.format(date);
  }

  // The form sends its empty fields too ("any"); leaving them out keeps the address to share short.
  document.getElementById('review-filters')?.addEventListener('formdata', (event) => {
    for (const [name, value] of [...event.formData.entries()]) {
      if (value === '') event.formData.delete(name);
    }
  });
})();
