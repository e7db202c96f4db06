"""Child processes of the tests and the load test (workers, servers): stopped the same way everywhere."""

import subprocess


def stop_process(process: subprocess.Popen | None, grace: float = 10) -> None:
    """SIGTERM, `grace` seconds to finish what it is doing (a worker its task, gunicorn its requests),
    then SIGKILL. Nothing to do for a process that never started or has already ended."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
