"""The server as a process: starting it (serve, spawn, embedded mode), one per data dir (the
lock), its status, start-up clean-up, the access log and the idle exit."""
