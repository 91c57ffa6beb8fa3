"""The home page and the health probes. Imports app.auth and app.core."""
