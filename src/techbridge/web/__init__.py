"""Web infrastructure: the app factory, sessions and CSRF, errors, rendering, the shared layout."""
