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
        // a key that is a path is the element's own drill-down (e.g. the Sankey's 落地 layer)
        window.location.href = key.startsWith("/") ? key : drill.replace("__KEY__", encodeURIComponent(key));
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

// Behaviour declared in the markup (no inline script, so a strict Content-Security-Policy holds):
// a select with data-autosubmit submits its form; a form with data-confirm asks first;
// a link with data-history-back goes back when there is somewhere to go back to.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
document.addEventListener("click", (event) => {
  const back = event.target.closest("a[data-history-back]");
  if (back && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});

// Registration: the organisation type follows the chosen role until the person picks one themselves.
document.addEventListener("change", (event) => {
  const select = document.querySelector("select[data-default-by-role]");
  if (!select) return;
  if (event.target === select) {
    select.dataset.touched = "1";
  } else if (event.target.name === "role" && !select.dataset.touched) {
    const defaults = JSON.parse(select.dataset.defaultByRole || "{}");
    if (defaults[event.target.value]) select.value = defaults[event.target.value];
  }
});

// Tables with a "select all" box (the review queue): tick every row, and count what is ticked.
function countSelected(form) {
  const counter = form.querySelector("[data-selected-count]");
  if (counter) counter.textContent = String(form.querySelectorAll('input[name="pick"]:checked').length);
}
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-select-all]");
  if (all) {
    all.form.querySelectorAll(`input[name="${all.dataset.selectAll}"]`).forEach((box) => { box.checked = all.checked; });
  }
  if (event.target.form && (all || event.target.name === "pick")) countSelected(event.target.form);
});

// Countdowns (交易大厅): an element with data-countdown="<ISO UTC moment>" shows the time left each second;
// at zero it shows data-countdown-done (the server decides what happens; reload to see it).
function renderCountdown(el) {
  const left = Math.max(0, Date.parse(el.dataset.countdown) - Date.now());
  if (left === 0) {
    el.textContent = el.dataset.countdownDone || "已到时";
    return false;
  }
  const s = Math.floor(left / 1000);
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const pad = (n) => String(n).padStart(2, "0");
  el.textContent = (d ? `${d}天 ` : "") + `${pad(h)}:${pad(m)}:${pad(sec)}`;
  return true;
}
function tickCountdowns() {
  document.querySelectorAll("[data-countdown]").forEach(renderCountdown);
}
if (document.querySelector("[data-countdown]")) {
  tickCountdowns();
  setInterval(tickCountdowns, 1000);
}
