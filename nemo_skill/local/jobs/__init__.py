"""Work that outlives a request: a message's run (the interpreter in a thread), and renders
(the queue, its local worker processes, or Celery workers with ``[scale]``)."""
