// Progressive enhancement of the upload page: drag and drop, a preview, and a busy button.
// Without this script the page works as plain HTML forms.
(() => {
  const form = document.getElementById('upload-form');
  const input = document.getElementById('file');
  const zone = document.getElementById('drop-zone');
  const preview = document.getElementById('preview');
  const button = document.getElementById('submit');
  if (!form || !input || !zone) return;

  const showPreview = () => {
    const file = input.files && input.files[0];
    if (!file || !preview) return;
    preview.src = URL.createObjectURL(file);
    preview.hidden = false;
  };

  input.addEventListener('change', showPreview);
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add('dragging');
    });
  }
  for (const type of ['dragleave', 'drop']) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.remove('dragging');
    });
  }
  zone.addEventListener('drop', (event) => {
    if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
    input.files = event.dataTransfer.files;
    showPreview();
  });
  form.addEventListener('submit', () => {
    button.disabled = true;
    button.textContent = 'Checking…';
  });
})();
