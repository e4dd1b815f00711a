/**
 * Method 2: end-to-end fine-tuning of a conv base and its head with in-graph augmentation, top layers
 * unfrozen. Filled in by the fine-tune issue; the module exists so the layout is visible from the start.
 */
package dev.xfer.finetune;
