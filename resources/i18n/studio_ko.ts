<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name></name>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open COCO JSON...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About EfficientDet Studio...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the writer process ended without a result (status {status})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save {path}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{error}

Your edits are kept in this window: fix the cause, then press Ctrl+S (or make another change) to save again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{conflict}. Your labels were saved to {written} instead, and {path} was left as it is, so both are kept. Until the project is opened again, this window saves to that copy: compare the two files, keep the one you want as the annotation file, and reopen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add class {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename class to {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recolour class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>image id {id} is used twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>box id {id} is used twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a class name cannot be empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a class named {name} exists already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class id {id} is used twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot rename class {old} to {new}: empty or taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot merge a class into itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{source}: the top level must be a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{source}: &apos;{key}&apos; must be a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;file_name&apos; must be a non-empty string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bbox must be 4 numbers [x, y, w, h], got {values}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bbox must be [x, y, w, h] with w, h &gt;= 0, got {values}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing key {key}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: left out, its file name is not valid UTF-8 (COCO files are UTF-8): rename the file to label it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes when the app starts next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files ({patterns})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{format}...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>COCO file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YOLO labels folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YOLO classes file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{format} annotations folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import {format}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{found} of the {total} boxes in this import are in the project already (same image, same class, IoU &gt; 0.95). Skip them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported {n} box(es) from {format} into {images} image(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n box(es) the project had already.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n box(es) of images outside the image root.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Imported {n} boxes; {warnings} warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export COCO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export {format} to folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up and replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export {format}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {n} {format} file(s) to {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>... and {n} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s):</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{folder} has files already. None of them is replaced; {n} file(s) are added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{folder} has files already. This export replaces {n} of them ({merged} labelme file(s) are merged: the shapes the studio did not write are kept):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{folder} has files already. This export replaces {n} of them:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved beside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (read-only) - EfficientDet Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} - EfficientDet Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened with notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edits not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{error}

Close anyway and lose the edits since the last save? Choose Cancel to stay, fix the cause and press Ctrl+S.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a folder of images or a project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open COCO annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot show this image: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No class {n} yet: add one in the Classes dock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy boxes from the previous image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{w} × {h} px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>draw mode (W)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edit mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zoom {percent}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User Guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preferences...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label mode: the image list, classes and boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train mode: the training form, runs and metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review mode: predictions, metrics and fusion weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ERROR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WARNING</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{severity}: {message} Fix: {fix}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No readable image has a box.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label some images before training.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The validation split has no labelled image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move about 10-20% of the labelled images to the validation split.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every labelled image is in validation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move most labelled images back to the training split.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) cannot be read (ids {ids}).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Fix or re-export the files, or remove them from the project; training skips them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Boxes with zero or negative size on %n image(s) (ids {ids}).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Delete or redraw those boxes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotations refer to a missing class or image (image ids {ids}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-import the annotations or delete the orphaned boxes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Boxes lie entirely outside the image on %n image(s) (ids {ids}).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Delete them; the image may have been rotated after labelling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Boxes reach past the image border on %n image(s) (ids {ids}).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>They will be clipped; redraw them if the clip is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classes without boxes: {names}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label some, or delete the class (the model still spends an output on it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) hold more than {max} boxes (ids {ids}).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The model reports at most {max} detections per image: tile those images or accept missed objects.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{tiny} of {total} boxes are under {limit} px at input size {size} and cannot match an anchor at IoU 0.5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raise the input size, or crop/tile the images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FP {label}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missed {label}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: {n} damaged line(s) skipped; the rest of the run is shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the evaluation {path}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the image decoder crashed on this file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the decoded pixels: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training on several GPUs needs a Python install with torch (torchrun); the packaged app trains on one GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not start {program}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the inference worker ended (exit code {code})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download{mb}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import weights file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the bundled {lite} backbone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train from scratch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to download, {mb} MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bundled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing (random weights)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ImageNet backbone ({where})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>COCO-trained {level} ({where}) or a checkpoint file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>COCO checkpoint file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>earlier run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The checkpoint file {path} does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the file again, or pick another start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ImageNet weights of the {level} backbone ({backbone}) are not on this machine; training never downloads them by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The COCO-trained {level} weights are not on this machine; training never downloads them by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download them now, import a file downloaded elsewhere, use the bundled Lite backbone, or train from scratch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download them now, import a file downloaded elsewhere, or train from scratch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit / select</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit mode: click to select, drag a box to move it (Esc leaves draw mode)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>images with misses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>images with false positives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fusion weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review predictions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre-label unlabelled images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About EfficientDet Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU seen by the driver: {gpu}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking torch, CUDA and the GPUs (efficientdet doctor)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device check failed (exit {code}):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not run the device check: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{w} × {h} px at ({x}, {y})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag to draw a box · W draw mode · ? shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nudge box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resize box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the {n} boxes of {name} into:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete class {name} and the {n} boxes that use it? (Undo brings them back.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{mb} MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing the pretrained weights {what}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading the pretrained weights {what}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mirror base URL (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelling… (the partial file is kept; a later download resumes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{size} at {speed}/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{size}: checking the SHA-256…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do: {hint}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the download process ended (exit code {code})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import weights file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model fuses by plain sums (the official choice of D6-D7x, &quot;for training stability&quot;, and of EfficientDet-Lite): every input counts the same, there are no weights to learn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No fusion weights yet: they arrive after each evaluation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hover an edge for its weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All cells</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fusion weights after epoch {epoch} ({shown}/{count}), method: {method}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sum (unweighted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>normalized weight: 0 → 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bottom-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top-down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cell {c}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cell {cell}, {slot}: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not write {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BiFPN fusion weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>labelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unlabelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>broken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>broken: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{w} x {h} px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>size not read yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{all} images: {labelled} labelled, {unlabelled} unlabelled, {broken} broken; {shown} shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the level table {path}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} at {size} px with batch {batch} needs about {mem} GB; the GPU has {gpu} GB. Lower the batch size or pick a smaller level.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} on the CPU takes about {time} per epoch. Use a GPU or a smaller level.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only {n} labelled images: {name} is likely to over-fit; D0-D2 or Lite0-Lite2 usually do better on small datasets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backbone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BiFPN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Params</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GMACs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU mem/img</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch time: a rough guess from the level&apos;s amount of computation at the chosen input size and a typical training speed of this kind of device. Real runs can be a few times faster or slower.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU mem/img: about how much GPU memory each image of a batch needs while training at the chosen input size. The model itself and about 0.6 GB for the GPU driver come on top.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimates for {device}, {n} images (rough, see tooltip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AP at IoU .50:.05:.95 (the COCO metric)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AP at IoU 0.50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AP at IoU 0.75</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AP, small objects (&lt; 32² px)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AP, medium objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AP, large objects (&gt; 96² px)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recall, 1 detection per image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recall, 10 detections per image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recall, 100 detections per image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recall, small objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recall, medium objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recall, large objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a run to see its metrics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meaning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>precision (IoU 0.5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PR curves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confusion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{run} (from the last Eval event)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pred {c}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true {c}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true {true}, predicted {pred}: {n} ({share})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>box loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>val AP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image loading processes beside the trainer, for new training forms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long after an edit the labels are written to disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default training device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default loading processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded {path} on {device} ({n} classes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpoint (.pt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No checkpoint loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run on image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run on selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run on all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score ≥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept selected prediction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept all above threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre-label all unlabelled images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review queue (unlabelled, most uncertain first):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading {path}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predicting {n} image(s)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled {n} image(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled {n} image(s); {done} answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predicting: {n} image(s) to go…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predictions for {n} image(s): {misses} with misses, {fps} with false positives at this threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} correct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} false positives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uncertainty {u}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class {name} is not in this project: skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept prediction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept {n} predictions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre-label {n} images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre-label image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fusion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best AP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set class {n} for the selection (or the next box)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a folder, project or COCO file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save now (autosave runs after every edit anyway)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Toggle draw mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy all boxes from the previous image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit the image in the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actual size (1:1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select all boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag on empty space (or in draw mode, W)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw a box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag a box / its handles and edges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move / resize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+click</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a box to / remove it from the selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrow keys (box selected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nudge 1 px; with Shift 10 px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Right / Left (nothing selected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next / previous image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+wheel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom around the cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Middle drag, or Space+drag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Esc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel drawing, leave draw mode, clear the selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a key field and press the new keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The official D6-D7x configs use plain sums &quot;for training stability&quot;; weighted fusion is allowed but may train less stably.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing (random)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ImageNet backbone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>softmax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SGD, momentum 0.9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight decay follows: {list}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{wd} for {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpoint file or run folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image loading processes beside the trainer (0: load in the training process itself; slower, but nothing extra to start)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of {count} ({device})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (CPU)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several GPUs: one training process per GPU (torchrun); the batch size is per GPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only one GPU found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fusion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frozen-backbone warm-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set every training setting back to the defaults for this level and dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre-flight check: no problems found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre-flight check: no dataset yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pretrained weights of {name} ({backbone}) are not on this machine: training starts from random weights. Choose a pretrained start to download or import them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped before the first epoch ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished (no epoch)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped after 1 epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped after {n} epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished after 1 epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished after {n} epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[not an event] {line}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate on the validation images now, between steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device: not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project first: there is nothing to train on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start blocked by the pre-flight check: fix the errors listed above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the worker…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping: saving a checkpoint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evaluation requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to resume: no run folder with a config.json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to resume: {run} holds no last.pt (no checkpoint was written).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device: {device} (asked: {requested})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fell back from {gpu}: the worker&apos;s torch cannot use it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs} · step {step}/{steps} · {rate} img/s · ETA {eta}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started {run} on {device}: {train} train / {val} val images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch {epoch}: loss {loss} ({seconds} s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eval epoch {epoch}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saved {path} (best)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning [{kind}] {message} (x{count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training failed: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hint: {hint}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last log lines:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the worker ended unexpectedly (exit code {code})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See the log lines below; the last checkpoint can be resumed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See the log lines below; no checkpoint was written, so there is nothing to resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped before the first checkpoint: nothing to resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped before the first checkpoint: nothing to resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label images with boxes, train an EfficientDet, and look inside it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder or project...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open demo project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent projects:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the demo project to {path} ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the demo project (exit {code}): {output}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
