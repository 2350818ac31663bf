// Keyboard shortcuts for the moderation page. Without this script every action works as a plain
// HTML form.
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
})();
