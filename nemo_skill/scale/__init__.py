"""The render queue's worker side (issue 16): ``nemo-skill worker`` and what it runs.

* config.py: the queue's address and timings (NEMO_QUEUE, NEMO_QUEUE_VISIBILITY_S, ...)
* celery_app.py: the Celery app both the server and the workers build from them
* tasks.py: the chunk, sound and join tasks (idempotent, keyed by render key and part)
* storage.py: every file a worker touches, behind one small interface
* runstate.py: the few Redis keys beside Celery's (dispatch record, cancel, locks, stops)
* worker.py: starting a worker

The server's side is nemo_skill/local/jobs/celery_queue.py; the messages are
nemo_skill/models/render_task.py. Import-light: Celery loads only when a queue is used.
"""
