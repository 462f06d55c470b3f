"""A progress bar for long management commands: redrawn in place on a terminal, a line every
tenth of the way otherwise (logs, CI), so a long import or export always shows it is moving."""

import time


class ProgressBar:
    WIDTH = 30

    def __init__(self, stream, total, label):
        self.stream = stream
        self.total = total
        self.label = label
        self.done = 0
        self.started = time.monotonic()
        self.interactive = stream.isatty()
        self.last_step = -1
        self.finished = False

    def advance(self, count=1):
        self.done += count
        step = self.done * 10 // max(self.total, 1)
        if self.interactive:
            self.stream.write("\r" + self.line(), ending="")
            self.stream.flush()
        elif step != self.last_step or self.done == self.total:
            self.stream.write(self.line())
        self.last_step = step

    def finish(self):
        """End the bar's line on a terminal; once, however often it is called."""
        if self.interactive and not self.finished:
            self.stream.write("")
        self.finished = True

    def line(self):
        filled = self.WIDTH * self.done // max(self.total, 1)
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        return f"{self.label} [{bar}] {self.done}/{self.total} ({rate:.0f}/s)"
