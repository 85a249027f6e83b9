"""sci_oracle: impossibility theorems of deep learning as software you can run and test."""
__version__ = "0.1.0"
