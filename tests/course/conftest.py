from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def runner():
    """tests/course/lesson_runner.py as a module (the tests' import mode keeps this folder off sys.path)."""
    spec = importlib.util.spec_from_file_location("course_lesson_runner", Path(__file__).with_name("lesson_runner.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
