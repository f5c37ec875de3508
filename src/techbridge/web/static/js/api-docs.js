// Swagger UI on /docs, started from a static file (no inline script) with the spec URL from the page.
document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  if (!root || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null, // the public validator is another host: never contacted
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // A signed-in session's writes carry its CSRF token, as HTMX requests do.
    requestInterceptor: (request) => {
      if (root.dataset.csrf) request.headers["X-CSRF-Token"] = root.dataset.csrf;
      return request;
    },
  });
});
