// Every visible text on the page with its colour and the background behind it (gradients give one
// background per colour stop, translucent layers are composed over white), as WCAG 2.1 contrast ratios.
() => {
  const parse = (c) => {
    const m = c && c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const blend = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const backgrounds = (el) => {
    const layers = [];
    for (let n = el; n; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.backgroundImage && cs.backgroundImage !== "none") {
        const stops = [...cs.backgroundImage.matchAll(/rgba?\([^)]+\)/g)].map((m) => parse(m[0]));
        if (stops.length) { layers.push({ stops }); break; }
      }
      const bg = parse(cs.backgroundColor);
      if (bg && bg[3] > 0) { layers.push({ color: bg }); if (bg[3] >= 1) break; }
    }
    let bases = [[255, 255, 255, 1]];
    for (const layer of layers.reverse()) {
      bases = layer.stops ? layer.stops.map((s) => blend(s, [255, 255, 255, 1])) : bases.map((b) => blend(layer.color, b));
    }
    return bases;
  };
  const out = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || seen.has(el) || el.closest("svg, [aria-hidden=true], [disabled]")) continue;
    seen.add(el);
    const cs = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (cs.visibility === "hidden" || rect.width === 0 || rect.height === 0) continue;
    let opacity = 1;
    for (let n = el; n; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
    if (opacity < 0.05) continue;  // not shown (an idle HTMX indicator)
    const fg = parse(cs.color);
    fg[3] *= opacity;
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (parseInt(cs.fontWeight, 10) >= 700 && size >= 18.66);
    for (const bg of backgrounds(el)) {
      out.push({ ratio: ratio(blend(fg, bg), bg), need: large ? 3 : 4.5, text: node.textContent.trim().slice(0, 24),
                 where: el.tagName.toLowerCase() + (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : ""),
                 fg: cs.color, bg: `rgb(${bg.slice(0, 3).map(Math.round).join(", ")})` });
    }
  }
  return out;
}
