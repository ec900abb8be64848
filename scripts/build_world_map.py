"""Build ``storyline/web/static/vendor/world-110m.svg`` from the npm package ``world-atlas`` (Natural Earth).

Run at development time, never by the app: the built file is shipped, so the map works offline.

    python scripts/build_world_map.py                       # runs `npm pack world-atlas@2.0.2` in a temp dir
    python scripts/build_world_map.py --package world-atlas-2.0.2.tgz

The TopoJSON's countries are decoded (quantized, delta-encoded arcs) and drawn in the equirectangular
projection the map view uses: x = longitude, y = -latitude, viewBox ``-180 -90 360 180``. One ``<path>`` per
country, its ``<title>`` the Natural Earth name, so the file reads on its own too.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "storyline" / "web" / "static" / "vendor" / "world-110m.svg"
PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-110m.json"
Point = tuple[float, float]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, help="world-atlas .tgz (default: npm pack it)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    topology = _read_topology(args.package)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(svg(topology), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


def _read_topology(package: Path | None) -> dict[str, Any]:
    if package is None:
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(["npm", "pack", PACKAGE], cwd=folder, check=True, capture_output=True)
            return _read_topology(next(Path(folder).glob("world-atlas-*.tgz")))
    with tarfile.open(package) as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{package} has no {MEMBER}")
        return json.load(member)


def decoded_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Arcs in degrees: each position is the sum of the deltas so far, scaled and translated."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    """A ring from arc indexes; ``~i`` (negative) is arc ``i`` reversed; shared end points are kept once."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def unwrapped(points: list[Point]) -> list[Point]:
    """A ring that crosses the antimeridian (Russia, Fiji) made continuous: longitudes may pass ±180, and a
    copy shifted by 360° draws the part beyond the edge. A ring around a pole (Antarctica) is closed along it."""
    if not points:
        return points
    out = [points[0]]
    for (x0, _), (x1, y1) in itertools.pairwise(points):
        step = x1 - x0
        step += -360 if step > 180 else 360 if step < -180 else 0
        out.append((out[-1][0] + step, y1))
    if abs(out[-1][0] - out[0][0]) > 180:
        pole = -90.0 if sum(y for _, y in out) < 0 else 90.0
        out += [(out[-1][0], pole), (out[0][0], pole)]
    return out


def copies(points: list[Point]) -> list[list[Point]]:
    xs = [x for x, _ in points]
    shifted = [points]
    if min(xs) < -180:
        shifted.append([(x + 360, y) for x, y in points])
    if max(xs) > 180:
        shifted.append([(x - 360, y) for x, y in points])
    return shifted


def path_data(rings: list[list[Point]]) -> str:
    """SVG path data, x = lon, y = -lat, a tenth of a degree (finer than 110m data draws)."""
    parts = []
    for points in (copy for r in rings for copy in copies(unwrapped(r))):
        cells = [f"{x:.1f} {-y:.1f}" for x, y in points]
        kept = [cell for i, cell in enumerate(cells) if i == 0 or cell != cells[i - 1]]
        if len(kept) >= 3:
            parts.append("M" + "L".join(kept) + "Z")
    return "".join(parts)


def country_rings(geometry: dict[str, Any], arcs: list[list[Point]]) -> list[list[Point]]:
    if geometry["type"] == "Polygon":
        return [ring(r, arcs) for r in geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return [ring(r, arcs) for polygon in geometry["arcs"] for r in polygon]
    return []


def svg(topology: dict[str, Any]) -> str:
    arcs = decoded_arcs(topology)
    paths = []
    for country in topology["objects"]["countries"]["geometries"]:
        data = path_data(country_rings(country, arcs))
        if data:
            name = escape(country.get("properties", {}).get("name", ""))
            paths.append(f'<path id="c{country.get("id", "")}" d="{data}"><title>{name}</title></path>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-180 -90 360 180" width="360" height="180">\n'
        "<!-- Natural Earth 1:110m admin-0 countries (public domain), via the npm package world-atlas 2.0.2 "
        "(ISC); built by scripts/build_world_map.py -->\n"
        '<rect x="-180" y="-90" width="360" height="180" fill="#dceaf5"/>\n'
        '<g fill="#f4f1ea" stroke="#9aa5b1" stroke-width="0.15" fill-rule="evenodd">\n'
        + "\n".join(paths)
        + "\n</g>\n</svg>\n"
    )


if __name__ == "__main__":
    sys.exit(main())
