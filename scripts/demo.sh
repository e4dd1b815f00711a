#!/usr/bin/env bash
# What xfer can do so far, end to end on the shared pets photos with the real ImageNet SqueezeNet weights:
# build, import the weights as a SavedModel backbone, list and summarise backbones, print the features of a
# few photos, and extract the whole folder into a feature cache (twice: the second run reuses everything). Uses ../shared when present, else the small copy under examples/.
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
step "features of four photos (ImageNet features of cats and dogs differ)"
./xfer backbone features squeezenet-imagenet "$pets"/cat/1.jpg "$pets"/cat/10.jpg "$pets"/dog/1.jpg "$pets"/dog/10.jpg 2>/dev/null
step "phase one: extract features of every pets photo once into an Arrow cache"
./xfer extract --backbone squeezenet-imagenet "$pets"
step "a second run reuses every feature (content addressed by sha256)"
./xfer extract --backbone squeezenet-imagenet --quiet "$pets"
./xfer cache list
step "a wrong weights file is refused with one line and exit code 2"
./xfer backbone import --arch vgg16 --weights "$weights" || echo "(exit code $?)"
