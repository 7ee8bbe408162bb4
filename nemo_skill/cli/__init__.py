"""The ``nemo-skill`` command line. Each command group lives in a module of its own;
modules import only the standard library at the top so ``--help`` starts fast."""
