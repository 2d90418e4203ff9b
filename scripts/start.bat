@echo off
rem Install what the app needs (Windows, Python 3.11 from python.org) and start it on a demo county.
cd /d "%~dp0\.."
if not exist .venv\Scripts\python.exe py -3.11 -m venv .venv || exit /b 1
.venv\Scripts\python -m pip install -q --upgrade pip || exit /b 1
.venv\Scripts\python -m pip install -q -r requirements.txt || exit /b 1
rem the ykt command and python -m ykt_desktop from any folder (editable: resources stay here)
.venv\Scripts\python -m pip install -q --no-deps -e . || exit /b 1
if "%~1"=="" (.venv\Scripts\python main.py --demo) else (.venv\Scripts\python main.py %*)
