"""The scheduler: queues the periodic jobs of every app (``jobs.PERIODIC``) and retries e-mail (run_scheduler)."""
