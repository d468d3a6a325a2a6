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
  try {
    saved = localStorage.getItem(KEY) || 'normal';
  } catch {
    /* storage may be off */
  }
  apply(saved);
  for (const b of document.querySelectorAll('.size-switch button')) {
    b.addEventListener('click', () => {
      apply(b.dataset.size);
      try {
        localStorage.setItem(KEY, b.dataset.size);
      } catch {
        /* ignore */
      }
    });
  }
}

/** Another 字号 switch (the 答题 screen's, whose header has none), kept in step with the header's. */
export function fontSizeSwitch() {
  const current = document.documentElement.dataset.size || 'normal';
  const button = (size, label) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.size = size;
    b.textContent = label;
    b.setAttribute('aria-pressed', String(size === current));
    b.addEventListener('click', () => {
      apply(size);
      try {
        localStorage.setItem(KEY, size);
      } catch {
        /* ignore */
      }
    });
    return b;
  };
  const group = document.createElement('div');
  group.className = 'size-switch size-switch-page';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', '字号');
  const label = document.createElement('span');
  label.className = 'size-label';
  label.textContent = '字号';
  group.append(label, button('normal', '标准'), button('large', '大'), button('xlarge', '特大'));
  return group;
}
