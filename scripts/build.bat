@echo off
rem Build the one-folder Windows version (Python 3.11 x64 from python.org) and run its self-check.
rem Result: dist\ykt-desktop\ykt-desktop.exe (copy the whole dist\ykt-desktop folder). See docs\BUILD-WINDOWS.md.
cd /d "%~dp0\.."
if not exist .venv\Scripts\python.exe py -3.11 -m venv .venv || exit /b 1
.venv\Scripts\python -m pip install -q --upgrade pip || exit /b 1
.venv\Scripts\python -m pip install -q -r requirements.txt -r requirements-dev.txt || exit /b 1
.venv\Scripts\python -m PyInstaller --noconfirm --clean build.spec || exit /b 1
start "" /wait dist\ykt-desktop\ykt-desktop.exe --self-check
if errorlevel 1 (echo Self-check failed: see the lines above. & exit /b 1)
echo Built: %CD%\dist\ykt-desktop
