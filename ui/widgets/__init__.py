"""Shared widgets: NIK boxes, field-error labels, the big now-serving number, banners."""

from .banner import Banner
from .big_number import BigNumber
from .field_error import FieldError
from .nik_input import NikInput

__all__ = ["Banner", "BigNumber", "FieldError", "NikInput"]
