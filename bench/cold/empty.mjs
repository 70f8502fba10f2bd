// S6 floor: the empty file a bare child_process.fork runs.
