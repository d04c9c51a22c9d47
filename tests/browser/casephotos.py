"""JPEG photos for the case-loop tests, with the EXIF a phone camera writes: DateTimeOriginal with
OffsetTimeOriginal (local time in Chongqing, +08:00) and GPS latitude/longitude. Needs Pillow (pip install pillow).
"""

import datetime
import io

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def _dms(value):
    from PIL.TiffImagePlugin import IFDRational

    value = abs(value)
    degrees = int(value)
    minutes_full = (value - degrees) * 60
    minutes = int(minutes_full)
    seconds = (minutes_full - minutes) * 60
    return (IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(round(seconds * 10000), 10000))


def jpeg_with_exif(lon, lat, taken_at=None, colour=(196, 84, 60), label="before"):
    """JPEG bytes of a 640x480 picture taken at `taken_at` (default now) at lon/lat, per its EXIF."""
    try:
        from PIL import Image, ImageDraw
    except ImportError:  # pragma: no cover - a message instead of a bare ImportError
        import pytest

        pytest.fail("the case-loop tests need Pillow: pip install pillow", pytrace=False)

    taken_at = (taken_at or datetime.datetime.now(BEIJING)).astimezone(BEIJING)
    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 300, 600, 440), fill=(255, 255, 255))
    draw.text((60, 320), f"{label} {taken_at:%Y-%m-%d %H:%M:%S}", fill=(0, 0, 0))
    draw.text((60, 360), f"{lon:.6f}, {lat:.6f}", fill=(0, 0, 0))

    stamp = taken_at.strftime("%Y:%m:%d %H:%M:%S")
    offset = taken_at.strftime("%z")
    exif = Image.Exif()
    exif[0x0132] = stamp  # DateTime
    ifd = exif.get_ifd(0x8769)  # Exif IFD
    ifd[0x9003] = stamp  # DateTimeOriginal
    ifd[0x9011] = f"{offset[:3]}:{offset[3:]}"  # OffsetTimeOriginal, "+08:00"
    gps = exif.get_ifd(0x8825)  # GPS IFD
    gps[0] = b"\x02\x03\x00\x00"  # GPSVersionID
    gps[1] = "N" if lat >= 0 else "S"
    gps[2] = _dms(lat)
    gps[3] = "E" if lon >= 0 else "W"
    gps[4] = _dms(lon)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=85)
    return out.getvalue()


def write_jpeg(path, lon, lat, taken_at=None, **style):
    """Writes jpeg_with_exif(...) to `path` (a pathlib.Path) and returns the path as a string for a file input."""
    path.write_bytes(jpeg_with_exif(lon, lat, taken_at, **style))
    return str(path)
