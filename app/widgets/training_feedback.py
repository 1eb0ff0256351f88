"""What the training panel shows about a run: the log, the progress bar and status line with
the ETA, the device the worker trains on, errors, and how the run ended.

A mixin of ``training_panel.TrainingPanel``: it uses the panel's ``state``, ``run_dir``,
``plots``, ``process``, ``eta``, the labels and log view, the refresh timer, ``has_checkpoint``,
``_update_buttons`` and the run-started/ended signals. Progress events (the bulk of the stream)
are kept and shown at the next refresh; rare events flush what came before them first.
"""

from __future__ import annotations

from app.i18n import tr
from app.services.worker_client import detect_device
from app.widgets.level_picker import format_seconds
from core import events as ev


def finished_text(stopped: bool, epochs_done: int) -> str:
    """How a run ended, e.g. "Stopped after 1 epoch" (English forms spelled out: without an
    English translation file ``%n`` plurals would read "1 epochs")."""
    n = epochs_done
    if n <= 0:
        return tr("Stopped before the first epoch ended") if stopped else tr("Finished (no epoch)")
    if stopped:
        done = tr("Stopped after 1 epoch") if n == 1 else tr("Stopped after {n} epochs")
    else:
        done = tr("Finished after 1 epoch") if n == 1 else tr("Finished after {n} epochs")
    return done.format(n=n)


class RunFeedback:
    """Mixed into TrainingPanel: the log, status, progress, device and error texts."""

    def _show_device(self, e: ev.Started) -> None:
        """The device the worker really trains on; a fall back from the GPU is said in red."""
        seen, requested = detect_device(), str(e.config.get("device", "auto"))
        text = tr("Device: {device} (asked: {requested})").format(
            device=e.device, requested=requested
        )
        fell_back = requested != "cpu" and seen.name == "cuda" and not e.device.startswith("cuda")
        if fell_back:
            text += " - " + tr("fell back from {gpu}: the worker's torch cannot use it").format(
                gpu=seen.label
            )
        notes = [w.message for w in self.state.warnings if w.kind == "device"]
        text += "".join(f" - {n}" for n in notes)
        self.device_label.setText(text)
        warn = fell_back or bool(notes)
        self.device_label.setStyleSheet("color: #b00020" if warn else "")

    def _launched_run_dir(self) -> str | None:
        """The run folder of the launch that just ended, as far as anything says."""
        for e in (self.state.started, self.state.finished):
            if e is not None:
                return e.run_dir
        return self._resume_dir

    def log(self, text: str) -> None:
        """Add a line to the log pane at the next refresh (``flush`` shows it at once)."""
        self._log_lines.append(text)
        if not self._refresh.isActive():
            self._refresh.start()

    def flush(self) -> None:
        """Show what waits: the newest progress and the log lines (one append for all)."""
        self._refresh.stop()
        e, self._progress = self._progress, None
        if e is not None:
            self.progress.setMaximum(max(e.epochs * e.steps, 1))
            self.progress.setValue(e.epoch * e.steps + e.step)
            self.status.setText(
                tr(
                    "Epoch {epoch}/{epochs} · step {step}/{steps} · {rate} img/s · ETA {eta}"
                ).format(
                    epoch=e.epoch + 1,
                    epochs=e.epochs,
                    step=e.step,
                    steps=e.steps,
                    rate=f"{e.images_per_s:.1f}",
                    eta=format_seconds(self._eta_s),
                )
            )
        if self._log_lines:
            text, self._log_lines = "\n".join(self._log_lines), []
            self.log_view.appendPlainText(text)

    def _on_event(self, e: ev.Event) -> None:
        self.state.add(e)
        self.plots.update_state(self.state)
        if isinstance(e, ev.Progress):  # the bulk of the stream: shown at the next refresh
            self._progress = e
            done = e.epoch * e.steps + e.step
            self._eta_s = self.eta.update(done, e.epochs * e.steps, e.eta_s)
            if not self._refresh.isActive():
                self._refresh.start()
            self.event_received.emit(e)
            return
        self.flush()  # rare events: what came before them shows first, in order
        if isinstance(e, ev.Started):
            self._drop_request()  # config.json in the run folder holds it now
            self.run_dir = e.run_dir
            self._show_device(e)
            self.log(
                tr("Started {run} on {device}: {train} train / {val} val images").format(
                    run=e.run_dir, device=e.device, train=e.train_images, val=e.val_images
                )
            )
            self.run_started.emit(e.run_dir)
        elif isinstance(e, ev.EpochEnd):
            self.log(
                tr("epoch {epoch}: loss {loss} ({seconds} s)").format(
                    epoch=e.epoch + 1,
                    loss=f"{e.losses.get('loss', float('nan')):.4f}",
                    seconds=f"{e.seconds:.0f}",
                )
            )
        elif isinstance(e, ev.Eval):
            self.log(
                tr("eval epoch {epoch}:").format(epoch=e.epoch + 1)
                + " "
                + ", ".join(f"{k} {v:.3f}" for k, v in e.metrics.items() if k in ("AP", "AP50"))
            )
        elif isinstance(e, ev.Checkpoint):
            self.log(
                (tr("saved {path} (best)") if e.best else tr("saved {path}")).format(path=e.path)
            )
        elif isinstance(e, ev.Warning):
            self.log(
                tr("warning [{kind}] {message} (x{count})").format(
                    kind=e.kind, message=e.message, count=e.count
                )
            )
        elif isinstance(e, ev.Error):
            self._show_error(f"{e.kind}: {e.message}", e.hint)
        elif isinstance(e, ev.Finished):
            self.status.setText(finished_text(e.stopped, e.epochs_done))
        self.event_received.emit(e)

    def _show_error(self, message: str, hint: str = "", log: bool = True) -> None:
        tail = "\n".join(list(self.process.stderr_tail)[-8:])
        text = tr("Training failed: {message}").format(message=message)
        if hint:
            text += "\n" + tr("Hint: {hint}").format(hint=hint)
        if tail:
            text += "\n" + tr("Last log lines:") + "\n" + tail
        self.error_label.setText(text)
        self.error_label.show()
        self.status.setText(tr("Failed"))
        if log:
            self.log(text)

    def _on_exit(self, code: int, crashed: int) -> None:
        self.run_dir = self._launched_run_dir()
        self._resume_dir = None
        resumable = self.has_checkpoint(self.run_dir)
        if self.state.error is not None:  # the worker explained itself; add the stderr tail
            self._show_error(
                f"{self.state.error.kind}: {self.state.error.message}",
                self.state.error.hint,
                log=False,
            )
        elif crashed and self.state.finished is None:
            self._show_error(
                tr("the worker ended unexpectedly (exit code {code})").format(code=code),
                tr("See the log lines below; the last checkpoint can be resumed.")
                if resumable
                else tr(
                    "See the log lines below; no checkpoint was written, so there is nothing "
                    "to resume."
                ),
            )
        elif self.state.finished is not None and self.state.finished.stopped and not resumable:
            self.status.setText(tr("Stopped before the first checkpoint: nothing to resume"))
            if not any(w.kind == "no_checkpoint" for w in self.state.warnings):  # said already
                self.log(tr("stopped before the first checkpoint: nothing to resume"))
        self.flush()
        self.plots.update_state(self.state)
        self.plots.redraw()  # the final curves now, not at the next tick
        self._update_buttons()
        if self.run_dir:
            self.run_ended.emit(self.run_dir)
