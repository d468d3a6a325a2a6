// Display preferences remembered on this PC: the 字号 (font size) setting.

const KEY = 'lawquiz.fontSize';
const SIZES = ['normal', 'large', 'xlarge'];

function apply(size) {
  const s = SIZES.includes(size) ? size : 'normal';
  document.documentElement.dataset.size = s;
  for (const b of document.querySelectorAll('.size-switch button')) {
    b.setAttribute('aria-pressed', String(b.dataset.size === s));
  }
}

export function setupFontSize() {
  let saved = 'normal';
  try { saved = localStorage.getItem(KEY) || 'normal'; } catch { /* storage may be off */ }
  apply(saved);
  for (const b of document.querySelectorAll('.size-switch button')) {
    b.addEventListener('click', () => {
      apply(b.dataset.size);
      try { localStorage.setItem(KEY, b.dataset.size); } catch { /* ignore */ }
    });
  }
}
