#!/usr/bin/env bash
# The whole story on the shared pets photos with the real ImageNet SqueezeNet weights: import the backbone,
# extract every photo's features once into the backbone's feature store and a snapshot of the dataset (a second
# run reuses them; a second dataset shares the store), compare five heads with 5-fold cross-validation on the
# snapshot, train a dense head, predict two photos, fine-tune the top of the conv base with the head end to end
# (method 2) and predict with the exported model, leave report.html files to open, and compare the real SqueezeNet
# with a random-weights backbone on the same photos (backbone compare). Uses ../shared when present, else the small
# copy under examples/. Re-runnable (--force replaces its own bundles). About two minutes on 2 cores.
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
step "phase one: every pets photo through the conv base once, into the feature store; a snapshot names the dataset"
./xfer extract --backbone squeezenet-imagenet --name pets "$pets"
step "a second run reuses every feature (keyed by the photo's sha256) and gives the same snapshot"
./xfer extract --backbone squeezenet-imagenet --name pets --quiet "$pets"
step "a second dataset with the same backbone shares the store: its photos were seen, so nothing runs"
second="$(mktemp -d)"
mkdir -p "$second/tabby" "$second/puppy"
ls "$pets/cat" | sed -n 1,30p | while read -r f; do cp "$pets/cat/$f" "$second/tabby/"; done
ls "$pets/dog" | sed -n 1,30p | while read -r f; do cp "$pets/dog/$f" "$second/puppy/"; done
./xfer extract --backbone squeezenet-imagenet --name pets-small --quiet "$second"
rm -rf "$second"
./xfer cache list
./xfer cache show --dataset pets | sed -n 1,8p
step "phase two: five heads, 5-fold cross-validation on the snapshot's features (the conv base never runs)"
./xfer head compare --dataset pets --heads logreg,svm,rf,knn,dense --cv 5 --out heads/demo-best --force
step "a dense head (Dropout + Dense softmax), early stopping on validation loss, best epoch kept"
./xfer head train --dataset pets --type dense --hidden 128 --quiet --out heads/demo-dense --force
step "the head again on exactly the snapshot it was trained on: the same scores"
./xfer head evaluate heads/demo-dense
step "data problems from the same features: duplicates, leaks, likely label errors (report.html with a map)"
./xfer doctor --dataset pets --compare none --out models/demo-doctor --force --quiet | sed -n 1,12p
step "predict two photos with the cross-validation winner"
./xfer predict --head heads/demo-best "$pets"/cat/1.jpg "$pets"/dog/1.jpg
step "method 2: augmentation as fine-tuning will draw it"
./xfer augment-preview "$pets" --images 2 --views 5 --out "$root/models/augment-preview.png"
step "method 2: fine-tune fire9 and the dense head end to end, augmented, from the trained head (2 epochs)"
./xfer finetune "$pets" --head heads/demo-dense --unfreeze-from fire9 --augment --epochs 2 --quiet \
  --out models/demo-finetuned --force
step "predict with the fine-tuned SavedModel"
./xfer predict --model models/demo-finetuned "$pets"/cat/1.jpg "$pets"/dog/1.jpg
step "reports (self-contained HTML; open in a browser)"
ls -1 "$root/heads/demo-best/report.html" "$root/heads/demo-dense/report.html" "$root/models/demo-finetuned/report.html"
step "garbage collection: what no head, model or dataset needs any more (a dry run)"
./xfer cache gc --dry-run
step "a wrong weights file is refused with one line and exit code 2"
./xfer backbone import --arch vgg16 --weights "$weights" 2>&1 | grep -v '^[WI]0000\|absl' || echo "(exit code $?)"
step "which backbone for these photos: the real SqueezeNet weights beside a random-weights MobileNetV3-Small (64 px), two heads on the same folds"
./xfer backbone compare "$pets" --backbones "squeezenet@$weights,mobilenet_v3_small@random" --image-size 64 \
  --heads logreg,svm --cv 5 --quiet --save-best heads/demo-backbone-best --force
