#!/usr/bin/env bash
# The whole story on the shared pets photos with the real ImageNet SqueezeNet weights: import the backbone,
# extract every photo's features once into an Arrow cache (a second run reuses them), compare five heads with
# 5-fold cross-validation on the cache, train a dense head, predict two photos, fine-tune the top of the conv
# base with the head end to end (method 2) and predict with the exported model, and leave report.html files to
# open. Uses ../shared when present, else the small copy under examples/. Takes about two minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh
data="$root/examples"
[[ -d $root/../shared/data ]] && data="$(cd "$root/../shared" && pwd)"
weights="$data/data/squeezenet/squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5"
pets="$data/data/pets2k"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "xfer --version"
./xfer --version
step "import the real ImageNet SqueezeNet weights as a SavedModel backbone"
./xfer backbone import --arch squeezenet --weights "$weights" --name squeezenet-imagenet --force
step "backbones available"
./xfer backbone list
step "Keras-style summary of the imported backbone (first and last layers)"
./xfer backbone summary squeezenet-imagenet | sed -n '1,8p;/fire9\/concat/,$p'
step "InceptionV3 matches Keras' parameter counts"
./xfer backbone summary inception_v3 | tail -5
step "phase one: extract features of every pets photo once into an Arrow cache"
./xfer extract --backbone squeezenet-imagenet "$pets"
step "a second run reuses every feature (content addressed by sha256)"
./xfer extract --backbone squeezenet-imagenet --quiet "$pets"
./xfer cache list
run=$(./xfer extract --backbone squeezenet-imagenet --json "$pets" | sed -n 's/.*"run_id" : "\(.*\)".*/\1/p')
step "phase two: five heads, 5-fold cross-validation on the cached features (the conv base never runs)"
./xfer head compare "$run" --heads logreg,svm,rf,knn,dense --cv 5
step "a dense head (Dropout + Dense softmax), early stopping on validation loss, best epoch kept"
./xfer head train "$run" --head dense --hidden 128 --quiet --out heads/demo-dense
step "predict two photos with the cross-validation winner"
./xfer predict --head "heads/best-$run" "$pets"/cat/1.jpg "$pets"/dog/1.jpg
step "method 2: augmentation as fine-tuning will draw it"
./xfer augment-preview "$pets" --images 2 --views 5 --out "$root/models/augment-preview.png"
step "method 2: fine-tune fire9 and the dense head end to end, augmented, from the trained head (2 epochs)"
./xfer finetune "$pets" --head heads/demo-dense --unfreeze-from fire9 --augment --epochs 2 --quiet \
  --out models/demo-finetuned
step "predict with the fine-tuned SavedModel"
./xfer predict --model models/demo-finetuned "$pets"/cat/1.jpg "$pets"/dog/1.jpg
step "reports (self-contained HTML; open in a browser)"
ls -1 "$root/heads/best-$run/report.html" "$root/heads/demo-dense/report.html" "$root/models/demo-finetuned/report.html"
step "a wrong weights file is refused with one line and exit code 2"
./xfer backbone import --arch vgg16 --weights "$weights" 2>&1 | grep -v '^[WI]0000\|absl' || echo "(exit code $?)"
