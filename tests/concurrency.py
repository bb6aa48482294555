"""Running callables at the same moment in threads, for the race tests of places and seats."""

import threading

from django.db import connection


def in_threads(*targets, start_together=True):
    """Run each callable in its own thread; return ("ok", value) or ("error", exception) per target."""
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def run(index, target):
        try:
            if start_together:
                barrier.wait(timeout=10)
            results[index] = ("ok", target())
        except Exception as error:  # collected and asserted on in the test thread
            results[index] = ("error", error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results
