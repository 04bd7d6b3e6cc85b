"""Make Debian's python3 lay out `pip install --prefix=DIR` like the official image does.

Debian's sysconfig installs into `{base}/local/lib/pythonX.Y/dist-packages` even when pip is
given a custom prefix, so the common builder pattern `pip install --prefix=/install` followed
by `COPY --from=builder /install /usr/local` would break on a stand-in while it works on
python:X.Y-slim. With this patch a custom prefix uses the upstream `posix_prefix` scheme
(`DIR/lib/pythonX.Y/site-packages`, `DIR/bin`); plain installs still go to /usr/local.
"""

import sysconfig
from pathlib import Path

path = Path(sysconfig.__file__)
text = path.read_text()
anchor = "def _expand_vars(scheme, vars):\n"
patch = (
    "    if scheme == 'posix_local' and vars and vars.get('base', sys.prefix) != sys.prefix:\n"
    "        scheme = 'posix_prefix'  # stand-in: official layout for custom prefixes\n"
)
if anchor not in text:
    raise SystemExit(f"{path}: no {anchor.strip()!r} to patch")
if patch not in text:
    path.write_text(text.replace(anchor, anchor + patch, 1))
