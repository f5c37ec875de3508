// TechBridge: small progressive enhancements; every page works without them.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-toggle-nav]");
  if (toggle) {
    const nav = document.getElementById("mainnav");
    const open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  }
});

// Charts: any element with data-chart holds an ECharts option as JSON.
function renderCharts(root) {
  if (!window.echarts) return;
  root.querySelectorAll("[data-chart]").forEach((el) => {
    if (el.dataset.rendered) return;
    const option = JSON.parse(el.dataset.chart);
    const chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    el.dataset.rendered = "1";
    const drill = el.dataset.drill;
    if (drill) {
      chart.on("click", (params) => {
        const key = (params.data && params.data.key) || params.name;
        window.location.href = drill.replace("__KEY__", encodeURIComponent(key));
      });
    }
    // Follow the container, not just the window: a late stylesheet or a wrapping grid can
    // change its width after the chart was drawn.
    if (window.ResizeObserver) {
      new ResizeObserver(() => chart.resize()).observe(el);
    } else {
      window.addEventListener("resize", () => chart.resize());
    }
  });
}
document.addEventListener("DOMContentLoaded", () => {
  renderCharts(document);
  // Long filter panels start folded on a phone, so the results come first.
  if (window.matchMedia("(max-width: 900px)").matches) {
    document.querySelectorAll("details[data-collapse-mobile]").forEach((d) => d.removeAttribute("open"));
  }
});
document.addEventListener("htmx:afterSwap", (event) => renderCharts(event.target));

// Behaviour the templates declare with data attributes (the Content-Security-Policy allows no
// inline script, so no onclick= / onchange= in the markup).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]") && el.form) el.form.submit();
  if (el.matches("[data-navigate]") && el.value) window.location.href = el.value;
});
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
document.addEventListener("click", (event) => {
  const back = event.target.closest("[data-back]");
  if (back && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
