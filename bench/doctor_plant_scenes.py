"""A second planted set for `xfer doctor`'s duplicates: similar scenes that are not duplicates, plus planted copies.

Usage: python doctor_plant_scenes.py SRC DST [SEED]
  SRC  a folder of class folders (../shared/data/pets2k)
  DST  a new folder: DST/train/CLASS, DST/test/CLASS, and DST.truth.json

Every one of 500 source photos (250 per class) becomes two "shots" of one scene, as a burst or a second take
would: shot A is the top-left 80% x 80% of the photo, shot B the bottom-right 80% x 80% with its exposure
changed by 5-12% (the two overlap on 60% x 60% of the scene), both scaled back to the source size. The two shots
of a scene are the hard negatives: different photos of the same scene, in one class and one split, at high feature
cosine. On disjoint shots, as in doctor_plant.py: 40 re-encoded near duplicates (resized to 88-92%, 2-5% cropped
off random sides, JPEG quality 70-85; 20 in the other split) and 5 byte-identical copies in the other split.
"""
import json
import random
import shutil
import sys
from pathlib import Path

from PIL import Image, ImageEnhance

src, dst = Path(sys.argv[1]), Path(sys.argv[2])
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 11
rnd = random.Random(seed)
if dst.exists():
    sys.exit(f"{dst} exists; remove it first")
classes = sorted(p.name for p in src.iterdir() if p.is_dir())
scenes = []
for c in classes:
    files = sorted(p for p in (src / c).iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    scenes += [(c, p) for p in rnd.sample(files, 250)]
rnd.shuffle(scenes)
ids = iter(rnd.sample(range(10000, 100000), 2 * len(scenes) + 45))
truth = {"near_pairs": [], "exact_pairs": [], "sibling_pairs": [], "photos": 0}
shots = []  # (class, split, relative path)
for i, (c, p) in enumerate(scenes):
    s = "train" if i % 5 else "test"
    img = Image.open(p).convert("RGB")
    w, h = img.size
    a = img.crop((0, 0, round(w * 0.8), round(h * 0.8))).resize((w, h), Image.BICUBIC)
    b = img.crop((round(w * 0.2), round(h * 0.2), w, h)).resize((w, h), Image.BICUBIC)
    b = ImageEnhance.Brightness(b).enhance(1 + rnd.choice((-1, 1)) * rnd.uniform(0.05, 0.12))
    pair = []
    for shot in (a, b):
        rel = f"{s}/{c}/img{next(ids)}.jpg"
        (dst / rel).parent.mkdir(parents=True, exist_ok=True)
        shot.save(dst / rel, "JPEG", quality=92)
        shots.append((c, s, rel))
        pair.append(rel)
    truth["sibling_pairs"].append({"a": pair[0], "b": pair[1]})
picked = rnd.sample(shots, 45)
for i, (c, s, rel) in enumerate(picked[:40]):
    s2 = ("test" if s == "train" else "train") if i < 20 else s
    img = Image.open(dst / rel).convert("RGB")
    w, h = img.size
    f = rnd.uniform(0.88, 0.92)
    img = img.resize((max(1, round(w * f)), max(1, round(h * f))), Image.BICUBIC)
    w, h = img.size
    left, top = round(w * rnd.uniform(0, 0.05)), round(h * rnd.uniform(0, 0.05))
    right, bottom = w - round(w * rnd.uniform(0, 0.05)), h - round(h * rnd.uniform(0, 0.05))
    img = img.crop((left, top, right, bottom))
    out = f"{s2}/{c}/img{next(ids)}.jpg"
    (dst / out).parent.mkdir(parents=True, exist_ok=True)
    img.save(dst / out, "JPEG", quality=rnd.randint(70, 85))
    truth["near_pairs"].append({"a": rel, "b": out, "cross_split": s != s2})
for c, s, rel in picked[40:]:
    s2 = "test" if s == "train" else "train"
    out = f"{s2}/{c}/img{next(ids)}.jpg"
    (dst / out).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(dst / rel, dst / out)
    truth["exact_pairs"].append({"a": rel, "b": out, "cross_split": True})
truth["photos"] = len(shots) + 45
Path(str(dst) + ".truth.json").write_text(json.dumps(truth, indent=1))
print(f"planted in {dst}: {len(scenes)} scenes of two shots, 40 near duplicates, 5 exact copies", file=sys.stderr)
