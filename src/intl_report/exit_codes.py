"""Exit statuses of ``intl-report``: a contract for schedulers and scripts (documented in the README)."""

EXIT_COMPLETE = 0  # complete: the report was written from complete data (validate: no error)
EXIT_FAILURE = 1  # a step failed, another run holds the year (validate: some file has an error)
EXIT_USAGE = 2  # the command was misused
EXIT_INCOMPLETE = 3  # incomplete data: a draft was written, or with --final nothing was written
