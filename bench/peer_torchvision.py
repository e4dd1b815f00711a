"""Peer for bench/extract_speed.sh: the same conv base with torchvision (Debian's python3-torch and
python3-torchvision), random weights, ImageFolder + DataLoader (batch 32, 2 workers), global average pooling.
Prints one JSON line: images, seconds (whole loop), images_per_second, feature dim."""
import json
import sys
import time

import torch
import torchvision
from torchvision import transforms

arch, size, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
torch.set_num_threads(2)
t0 = time.time()
tf = transforms.Compose([transforms.Resize((size, size)), transforms.ToTensor(),
                         transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
ds = torchvision.datasets.ImageFolder(data, transform=tf)
loader = torch.utils.data.DataLoader(ds, batch_size=32, num_workers=2, shuffle=False)
if arch == "vgg16":
    net = torch.nn.Sequential(torchvision.models.vgg16().features, torch.nn.AdaptiveAvgPool2d(1),
                              torch.nn.Flatten())
else:
    net = torchvision.models.inception_v3(aux_logits=False, init_weights=True)
    net.fc = torch.nn.Identity()
net.eval()
n, dim = 0, 0
with torch.inference_mode():
    for x, _ in loader:
        f = net(x)
        n += f.shape[0]
        dim = f.shape[1]
sec = time.time() - t0
print(json.dumps({"peer": "torchvision", "torch": torch.__version__, "images": n, "dim": dim, "seconds": sec,
                  "images_per_second": n / sec}))
