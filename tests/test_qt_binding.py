"""The Qt binding must keep Python's reference counts: PySide6 6.12.0 on CPython 3.11 did not.

With it, every call of a void Qt method gave up one reference to None (and bool results to
True/False), and the app crashed with "deallocating None" after a few hundred ratings. The
dependency excludes that release; this test catches a binding with the same defect.
"""

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox


class _Emitter(QObject):
    fired = Signal(str)


@pytest.mark.parametrize("call", ["void method", "variant data", "signal emit"])
def test_qt_calls_keep_reference_counts(qtbot, call):
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItem("no target", None)
    emitter = _Emitter()
    emitter.fired.connect(lambda text: None)
    calls = {
        "void method": lambda: combo.setToolTip("tip"),
        "variant data": lambda: combo.itemData(0),
        "signal emit": lambda: emitter.fired.emit("3"),
    }
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(500):
        calls[call]()
    assert sys.getrefcount(None) >= before_none - 50
    assert sys.getrefcount(True) >= before_true - 50
