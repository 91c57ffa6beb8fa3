"""A stand-in for the parts of Discord and GitHub the dashboard uses, so it runs offline and tests cross a
real HTTP boundary. Start it with `create_emulator(EmulatorConfig(...))` and `serve_in_thread`, or
`python -m emulator`."""
