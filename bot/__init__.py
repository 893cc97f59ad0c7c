"""5G Policy Watch: tracks national Huawei/ZTE 5G policies from news feeds."""

__version__ = "0.1.0"
