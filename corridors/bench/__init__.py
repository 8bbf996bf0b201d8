"""The benchmark of issue 11 (``python -m corridors bench``): the app, the exports and the command line
timed against a naive baseline in one run, written to ``docs/benchmarks.md``.

Above every stage (it drives the app and the exports from outside, as a user would): ``run`` orders
the sections, ``sections`` and ``browsersections`` take the figures, ``appbench``/``interact``/``probe``
drive Streamlit in Chromium, ``exportbench`` and ``clibench`` measure files and commands, ``scale``
writes larger atlases, ``report`` holds the rows and their targets. Needs the repository checkout
(``app.py``, ``benchmarks/naive_app.py``), playwright and Debian's ``/usr/bin/chromium``.
"""
