"""paperkg: turn research-paper collections into a knowledge graph people explore.

>>> import kg
>>> kg.__version__
'0.1.0'
"""

__version__ = "0.1.0"

from kg.native import activate

activate(__path__, __name__)  # the mypyc-compiled writers, when `make compile` made current ones
