"""Generate Excel VBA projects from source text, without Excel.

Hand-written from the published specifications ([MS-OVBA], [MS-CFB]) because no usable
library exists: olefile cannot create streams, and the PyPI ``ms-ovba`` packages corrupt
module sources longer than one 4 KB chunk. See docs/vba-project.md.
"""

from .cfb import write_compound_file
from .compression import compress, decompress
from .package import make_xlsm
from .project import Module, build_vba_project, module_code

__all__ = [
    "Module",
    "build_vba_project",
    "compress",
    "decompress",
    "make_xlsm",
    "module_code",
    "write_compound_file",
]
