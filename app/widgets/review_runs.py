"""Running a checkpoint for the review panel: the ``serve`` worker (``InferenceClient``), its
requests, their progress and cancelling, and the status line that says where they stand.

A mixin of ``review.ReviewPanel``: it uses the panel's ``checkpoint`` field, ``predictions``,
``current``, ``path_of``, ``worker_argv``, the status and progress widgets, ``redraw``,
``_fill_queue``, ``has_misses``, ``has_false_positives`` and ``results_changed``.
"""

from __future__ import annotations

from app.i18n import tr
from app.review_logic import short_path
from app.services.worker_client import InferenceClient
from core.events import Predictions, PredictProgress
from core.throughput import progress_text

REQUEST_SCORE = 0.001  # the worker sends everything above this; the slider filters locally


class PredictRuns:
    """Mixed into ReviewPanel: the inference worker and the prediction requests sent to it."""

    def _make_client(self) -> None:
        """The inference worker's client, its answers wired to this panel (not started yet)."""
        self.client = InferenceClient(self)
        self.client.predictions.connect(self._on_predictions)
        self.client.progress.connect(self._on_progress)
        self.client.ready.connect(
            lambda r: self.status.setText(
                tr("Loaded {path} on {device} ({n} classes)").format(
                    path=short_path(r.checkpoint), device=r.device, n=len(r.classes)
                )
            )
        )
        self.client.failed.connect(self._on_failed)

    def load(self, checkpoint: str) -> None:
        self.checkpoint.setText(checkpoint)
        self.status.setText(tr("Loading {path}…").format(path=short_path(checkpoint)))
        argv = self.worker_argv(checkpoint) if self.worker_argv else None
        self.client.start(checkpoint, argv)

    def run(self, image_ids: list[int]) -> str | None:
        if not image_ids:
            return None
        paths = []
        for i in image_ids:
            path = self.path_of(i)
            self._path_to_id[path] = i
            paths.append(path)
        self._pending += len(paths)
        self.status.setText(tr("Predicting {n} image(s)…").format(n=self._pending))
        request = self.client.predict(paths, score=REQUEST_SCORE)
        self._runs[request] = PredictProgress(request, 0, len(paths), 0.0, 0.0)
        self._show_progress()
        return request

    def cancel(self) -> None:
        """Drop every image asked for and not answered yet; the answered ones stay."""
        self.client.cancel()
        if not self.client.is_ready:  # nothing was sent yet: nothing will answer
            n = self._pending
            self._pending = 0
            self._end_runs()
            self.status.setText(tr("Cancelled {n} image(s)").format(n=n))

    def _on_progress(self, p: PredictProgress) -> None:
        if p.request not in self._runs:
            return
        self._runs[p.request] = p
        if p.done + p.cancelled >= p.total:
            del self._runs[p.request]
        if p.cancelled:
            self._pending = max(self._pending - p.cancelled, 0)
            self.status.setText(
                tr("Cancelled {n} image(s); {done} answered").format(n=p.cancelled, done=p.done)
            )
        self._show_progress()

    def _show_progress(self) -> None:
        runs = list(self._runs.values())
        if not runs:
            self.progress_row.hide()
            return
        done, total = sum(r.done for r in runs), sum(r.total for r in runs)
        rate = max((r.images_per_s for r in runs), default=0.0)
        eta = (total - done) / rate if rate > 0 else 0.0
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_label.setText(progress_text(done, total, rate, eta))
        self.progress_row.show()

    def _end_runs(self) -> None:
        self._runs.clear()
        self._show_progress()

    def _on_failed(self, text: str) -> None:
        self.status.setText(tr("Error: {text}").format(text=text))
        if not self.client.process.is_running():
            self._pending = 0
            self._end_runs()

    def run_current(self) -> None:
        if self.current is not None:
            self.run([self.current])

    def _on_predictions(self, p: Predictions) -> None:
        image_id = self._path_to_id.get(p.image)
        if image_id is None:
            return
        self._pending = max(self._pending - 1, 0)
        if p.error:
            self.status.setText(f"{p.image}: {p.error}")
            return
        self.predictions[image_id] = [
            {"box": d.box, "score": d.score, "category": d.category} for d in p.detections
        ]
        if image_id == self.current:
            self.redraw()
        self._fill_queue()
        self._say_done()
        self.results_changed.emit()

    def _say_done(self) -> None:
        if self._pending:
            self.status.setText(tr("Predicting: {n} image(s) to go…").format(n=self._pending))
            return
        ids = list(self.predictions)
        misses = sum(self.has_misses(i) for i in ids)
        fps = sum(self.has_false_positives(i) for i in ids)
        self.status.setText(
            tr(
                "Predictions for {n} image(s): {misses} with misses, "
                "{fps} with false positives at this threshold"
            ).format(n=len(ids), misses=misses, fps=fps)
        )
