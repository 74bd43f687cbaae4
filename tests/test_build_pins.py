"""The build refuses a PyPI download whose sha256 is not the pinned one."""

from pathlib import Path

import pytest

from modkit import build_script


def _builder():
    return build_script()


def test_pinned_download_passes_and_any_other_is_refused(tmp_path: Path) -> None:
    b = _builder()
    good = tmp_path / "demo-1.0-py3-none-any.whl"
    good.write_bytes(b"demo")
    pins = {
        "demo==1.0": (good.name, "2a97516c354b68848cdbd8f54a226a0a55b21ed138e207ad6c5cbb9c00aa5aea")
    }
    b.check_pin("demo==1.0", good, pins, update=False)
    good.write_bytes(b"tampered")
    with pytest.raises(b.PinError, match="does not match"):
        b.check_pin("demo==1.0", good, pins, update=False)
    with pytest.raises(b.PinError, match="not pinned"):
        b.check_pin("other==2.0", good, pins, update=False)


def test_pins_file_round_trips(tmp_path: Path) -> None:
    b = _builder()
    pins = b.read_pins()
    assert "jinja2==3.1.6" in pins or any(k.startswith("jinja2==") for k in pins)
    path = tmp_path / "pins.txt"
    b.write_pins(pins, path)
    assert b.read_pins(path) == pins
