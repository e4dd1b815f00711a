"""Plants known problems in a copy of a cat/dog photo folder, for `xfer doctor` (bench/doctor_planted.sh).

Usage: python doctor_plant.py SRC DST [SEED]
  SRC  a folder of class folders (../shared/data/pets2k)
  DST  a new folder: DST/train/CLASS, DST/test/CLASS (80/20 per class), and DST.truth.json

Planted, on disjoint photos:
  - 5% of the photos moved into the other class's folder (label flips);
  - 40 re-encoded near duplicates: resized to 88-92%, 2-5% cropped off random sides, JPEG quality 70-85,
    saved beside the original's class in the other split for 25 of them (leaks) and in the same split for 15;
  - 5 byte-identical copies in the other split (leaks).
"""
import json
import random
import shutil
import sys
from pathlib import Path

from PIL import Image

src, dst = Path(sys.argv[1]), Path(sys.argv[2])
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 7
rnd = random.Random(seed)
if dst.exists():
    sys.exit(f"{dst} exists; remove it first")
classes = sorted(p.name for p in src.iterdir() if p.is_dir())
assert len(classes) == 2, classes
photos = []  # (class, file)
for c in classes:
    photos += [(c, p) for p in sorted((src / c).iterdir()) if p.suffix.lower() in (".jpg", ".jpeg", ".png")]
rnd.shuffle(photos)
split = {}
for c in classes:
    mine = [p for p in photos if p[0] == c]
    cut = int(len(mine) * 0.8)
    for i, p in enumerate(mine):
        split[p[1]] = "train" if i < cut else "test"

n_flip = round(len(photos) * 0.05)
flips, near, exact = photos[:n_flip], photos[n_flip:n_flip + 40], photos[n_flip + 40:n_flip + 45]
other = {classes[0]: classes[1], classes[1]: classes[0]}
flip_set = {p[1] for p in flips}
truth = {"flips": [], "near_pairs": [], "exact_pairs": [], "photos": len(photos)}


def rel(s, c, name):
    return f"{s}/{c}/{name}"


# every file gets a neutral random name (the class folders of the source reuse names, and a name must not tell
# which photo was planted)
ids = iter(rnd.sample(range(10000, 100000), len(photos) + 45))
name_of = {p: f"img{next(ids)}{p.suffix.lower()}" for _, p in photos}


for c, p in photos:
    s = split[p]
    label = other[c] if p in flip_set else c
    out = dst / s / label / name_of[p]
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(p, out)
    if p in flip_set:
        truth["flips"].append({"path": rel(s, label, name_of[p]), "true": c})

for i, (c, p) in enumerate(near):
    s = split[p]
    s2 = ("test" if s == "train" else "train") if i < 25 else s
    img = Image.open(p).convert("RGB")
    w, h = img.size
    f = rnd.uniform(0.88, 0.92)
    img = img.resize((max(1, round(w * f)), max(1, round(h * f))), Image.BICUBIC)
    w, h = img.size
    left, top = round(w * rnd.uniform(0, 0.05)), round(h * rnd.uniform(0, 0.05))
    right, bottom = w - round(w * rnd.uniform(0, 0.05)), h - round(h * rnd.uniform(0, 0.05))
    img = img.crop((left, top, right, bottom))
    name = f"img{next(ids)}.jpg"
    out = dst / s2 / c / name
    img.save(out, "JPEG", quality=rnd.randint(70, 85))
    truth["near_pairs"].append({"a": rel(s, c, name_of[p]), "b": rel(s2, c, name), "cross_split": s != s2})

for c, p in exact:
    s = split[p]
    s2 = "test" if s == "train" else "train"
    name = f"img{next(ids)}{p.suffix.lower()}"
    shutil.copyfile(p, dst / s2 / c / name)
    truth["exact_pairs"].append({"a": rel(s, c, name_of[p]), "b": rel(s2, c, name), "cross_split": True})

Path(str(dst) + ".truth.json").write_text(json.dumps(truth, indent=1))
print(f"planted in {dst}: {len(truth['flips'])} flips, {len(near)} near duplicates "
      f"({sum(x['cross_split'] for x in truth['near_pairs'])} across splits), {len(exact)} exact copies across splits",
      file=sys.stderr)
