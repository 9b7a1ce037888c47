"""paperkg: turn research-paper collections into a knowledge graph people explore.

>>> import kg
>>> kg.__version__
'0.1.0'
"""

__version__ = "0.1.0"
