@echo off
rem Install the dev requirements (Windows, Python 3.11) and run the whole test suite, offscreen.
rem The PDF rendering tests need poppler's pdftoppm on PATH (e.g. from conda-forge or poppler-windows).
cd /d "%~dp0\.."
if not exist .venv\Scripts\python.exe py -3.11 -m venv .venv || exit /b 1
.venv\Scripts\python -m pip install -q --upgrade pip || exit /b 1
.venv\Scripts\python -m pip install -q -r requirements-dev.txt || exit /b 1
rem the ykt command and python -m ykt_desktop from any folder (editable: resources stay here)
.venv\Scripts\python -m pip install -q --no-deps -e . || exit /b 1
set QT_QPA_PLATFORM=offscreen
.venv\Scripts\python -m pytest -n 2 %*
