<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Open COCO JSON...</source>
        <translation>打开 COCO JSON...</translation>
    </message>
    <message>
        <source>About EfficientDet Studio...</source>
        <translation>关于 EfficientDet Studio...</translation>
    </message>
    <message>
        <source>the writer process ended without a result (status {status})</source>
        <translation>写入进程结束但未返回结果（状态 {status}）</translation>
    </message>
    <message>
        <source>Could not save {path}: {error}</source>
        <translation>无法保存 {path}：{error}</translation>
    </message>
    <message>
        <source>{error}

Your edits are kept in this window: fix the cause, then press Ctrl+S (or make another change) to save again.</source>
        <translation>{error}

你的编辑仍保留在此窗口中：排除原因后，按 Ctrl+S（或再做一次修改）即可重新保存。</translation>
    </message>
    <message>
        <source>{conflict}. Your labels were saved to {written} instead, and {path} was left as it is, so both are kept. Until the project is opened again, this window saves to that copy: compare the two files, keep the one you want as the annotation file, and reopen.</source>
        <translation>{conflict}。你的标注已改为保存到 {written}，{path} 保持不变，两者都已保留。在重新打开项目之前，此窗口会一直保存到该副本：请比较这两个文件，保留你想要的那个作为标注文件，然后重新打开项目。</translation>
    </message>
    <message>
        <source>Add box</source>
        <translation>添加框</translation>
    </message>
    <message>
        <source>Add boxes</source>
        <translation>添加多个框</translation>
    </message>
    <message>
        <source>Delete boxes</source>
        <translation>删除框</translation>
    </message>
    <message>
        <source>Move box</source>
        <translation>移动框</translation>
    </message>
    <message>
        <source>Set class</source>
        <translation>设置类别</translation>
    </message>
    <message>
        <source>Add class {name}</source>
        <translation>添加类别 {name}</translation>
    </message>
    <message>
        <source>Rename class to {name}</source>
        <translation>将类别重命名为 {name}</translation>
    </message>
    <message>
        <source>Recolour class</source>
        <translation>更改类别颜色</translation>
    </message>
    <message>
        <source>Delete class</source>
        <translation>删除类别</translation>
    </message>
    <message>
        <source>Merge classes</source>
        <translation>合并类别</translation>
    </message>
    <message>
        <source>image id {id} is used twice</source>
        <translation>图像 ID {id} 重复使用</translation>
    </message>
    <message>
        <source>box id {id} is used twice</source>
        <translation>框 ID {id} 重复使用</translation>
    </message>
    <message>
        <source>a class name cannot be empty</source>
        <translation>类别名称不能为空</translation>
    </message>
    <message>
        <source>a class named {name} exists already</source>
        <translation>名为 {name} 的类别已存在</translation>
    </message>
    <message>
        <source>class id {id} is used twice</source>
        <translation>类别 ID {id} 重复使用</translation>
    </message>
    <message>
        <source>cannot rename class {old} to {new}: empty or taken</source>
        <translation>无法将类别 {old} 重命名为 {new}：名称为空或已被占用</translation>
    </message>
    <message>
        <source>cannot merge a class into itself</source>
        <translation>不能将类别合并到其自身</translation>
    </message>
    <message>
        <source>{source}: the top level must be a JSON object</source>
        <translation>{source}：顶层必须是 JSON 对象</translation>
    </message>
    <message>
        <source>{source}: &apos;{key}&apos; must be a list</source>
        <translation>{source}：&apos;{key}&apos; 必须是列表</translation>
    </message>
    <message>
        <source>&apos;file_name&apos; must be a non-empty string</source>
        <translation>&apos;file_name&apos; 必须是非空字符串</translation>
    </message>
    <message>
        <source>bbox must be 4 numbers [x, y, w, h], got {values}</source>
        <translation>bbox 必须是 4 个数 [x, y, w, h]，实际为 {values}</translation>
    </message>
    <message>
        <source>bbox must be [x, y, w, h] with w, h &gt;= 0, got {values}</source>
        <translation>bbox 必须是 [x, y, w, h] 且 w, h &gt;= 0，实际为 {values}</translation>
    </message>
    <message>
        <source>missing key {key}</source>
        <translation>缺少键 {key}</translation>
    </message>
    <message>
        <source>{path}: left out, its file name is not valid UTF-8 (COCO files are UTF-8): rename the file to label it</source>
        <translation>{path}：已跳过，其文件名不是有效的 UTF-8（COCO 文件使用 UTF-8）：重命名该文件后即可标注</translation>
    </message>
    <message>
        <source>The language changes when the app starts next.</source>
        <translation>语言将在下次启动应用时更改。</translation>
    </message>
    <message>
        <source>JSON files ({patterns})</source>
        <translation>JSON 文件 ({patterns})</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>{format}...</source>
        <translation>{format}...</translation>
    </message>
    <message>
        <source>COCO file</source>
        <translation>COCO 文件</translation>
    </message>
    <message>
        <source>YOLO labels folder</source>
        <translation>YOLO 标签文件夹</translation>
    </message>
    <message>
        <source>YOLO classes file</source>
        <translation>YOLO 类别文件</translation>
    </message>
    <message>
        <source>{format} annotations folder</source>
        <translation>{format} 标注文件夹</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>Import {format}</source>
        <translation>导入 {format}</translation>
    </message>
    <message>
        <source>{found} of the {total} boxes in this import are in the project already (same image, same class, IoU &gt; 0.95). Skip them?</source>
        <translation>本次导入的 {total} 个框中有 {found} 个已在项目中（同一图像、同一类别、IoU &gt; 0.95）。是否跳过它们？</translation>
    </message>
    <message>
        <source>Skip them</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Import all</source>
        <translation>全部导入</translation>
    </message>
    <message>
        <source>Import boxes</source>
        <translation>导入框</translation>
    </message>
    <message>
        <source>Imported {n} box(es) from {format} into {images} image(s).</source>
        <translation>已从 {format} 导入 {n} 个框到 {images} 张图像。</translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n box(es) the project had already.</source>
        <translation>
            <numerusform>已跳过项目中已有的 %n 个框。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n box(es) of images outside the image root.</source>
        <translation>
            <numerusform>已跳过图像根目录之外图像的 %n 个框。</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported {n} boxes; {warnings} warnings</source>
        <translation>已导入 {n} 个框；{warnings} 条警告</translation>
    </message>
    <message>
        <source>Export COCO</source>
        <translation>导出 COCO</translation>
    </message>
    <message>
        <source>Export {format} to folder</source>
        <translation>导出 {format} 到文件夹</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Back up and replace</source>
        <translation>备份并替换</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Export {format}</source>
        <translation>导出 {format}</translation>
    </message>
    <message>
        <source>Exported {n} {format} file(s) to {folder}</source>
        <translation>已导出 {n} 个 {format} 文件到 {folder}</translation>
    </message>
    <message>
        <source>... and {n} more</source>
        <translation>... 另有 {n} 项</translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s):</source>
        <translation>
            <numerusform>%n 条警告：</numerusform>
        </translation>
    </message>
    <message>
        <source>{folder} has files already. None of them is replaced; {n} file(s) are added.</source>
        <translation>{folder} 中已有文件。不会替换其中任何文件；将添加 {n} 个文件。</translation>
    </message>
    <message>
        <source>{folder} has files already. This export replaces {n} of them ({merged} labelme file(s) are merged: the shapes the studio did not write are kept):</source>
        <translation>{folder} 中已有文件。本次导出将替换其中 {n} 个（其中 {merged} 个 labelme 文件会合并：保留非本应用写入的形状）：</translation>
    </message>
    <message>
        <source>{folder} has files already. This export replaces {n} of them:</source>
        <translation>{folder} 中已有文件。本次导出将替换其中 {n} 个：</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Boxes</source>
        <translation>框</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Reset layout</source>
        <translation>重置布局</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Saved beside</source>
        <translation>已另存为副本</translation>
    </message>
    <message>
        <source>{name} (read-only) - EfficientDet Studio</source>
        <translation>{name}（只读）- EfficientDet Studio</translation>
    </message>
    <message>
        <source>{name} - EfficientDet Studio</source>
        <translation>{name} - EfficientDet Studio</translation>
    </message>
    <message>
        <source>Opened read-only</source>
        <translation>已以只读方式打开</translation>
    </message>
    <message>
        <source>Opened with notes</source>
        <translation>已打开（附提示）</translation>
    </message>
    <message>
        <source>Edits not saved</source>
        <translation>编辑未保存</translation>
    </message>
    <message>
        <source>{error}

Close anyway and lose the edits since the last save? Choose Cancel to stay, fix the cause and press Ctrl+S.</source>
        <translation>{error}

仍要关闭并丢弃上次保存以来的编辑吗？选择“取消”可留在此处，排除原因后按 Ctrl+S。</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Open a folder of images or a project</source>
        <translation>打开图像文件夹或项目</translation>
    </message>
    <message>
        <source>Open COCO annotations</source>
        <translation>打开 COCO 标注</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>正在加载...</translation>
    </message>
    <message>
        <source>Cannot show this image: {reason}</source>
        <translation>无法显示此图像：{reason}</translation>
    </message>
    <message>
        <source>No class {n} yet: add one in the Classes dock</source>
        <translation>尚无类别 {n}：请在“类别”面板中添加</translation>
    </message>
    <message>
        <source>Class: {name}</source>
        <translation>类别：{name}</translation>
    </message>
    <message>
        <source>Paste boxes</source>
        <translation>粘贴框</translation>
    </message>
    <message>
        <source>Copy boxes from the previous image</source>
        <translation>从上一张图像复制框</translation>
    </message>
    <message>
        <source>{w} × {h} px</source>
        <translation>{w} × {h} px</translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation>尺寸未知</translation>
    </message>
    <message>
        <source>draw mode (W)</source>
        <translation>绘制模式（W）</translation>
    </message>
    <message>
        <source>edit mode</source>
        <translation>编辑模式</translation>
    </message>
    <message>
        <source>zoom {percent}</source>
        <translation>缩放 {percent}</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>无最近项目</translation>
    </message>
    <message>
        <source>Clear Recent</source>
        <translation>清除最近项目</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>User Guide</source>
        <translation>用户指南</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Preferences...</source>
        <translation>首选项...</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>复查</translation>
    </message>
    <message>
        <source>Label mode: the image list, classes and boxes</source>
        <translation>标注模式：图像列表、类别和框</translation>
    </message>
    <message>
        <source>Train mode: the training form, runs and metrics</source>
        <translation>训练模式：训练表单、运行和指标</translation>
    </message>
    <message>
        <source>Review mode: predictions, metrics and fusion weights</source>
        <translation>复查模式：预测、指标和融合权重</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>ERROR</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>WARNING</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>{severity}: {message} Fix: {fix}</source>
        <translation>{severity}：{message} 解决方法：{fix}</translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation> 及另外 {n} 个</translation>
    </message>
    <message>
        <source>No readable image has a box.</source>
        <translation>没有任何可读取的图像带有框。</translation>
    </message>
    <message>
        <source>Label some images before training.</source>
        <translation>训练前请先标注一些图像。</translation>
    </message>
    <message>
        <source>The validation split has no labelled image.</source>
        <translation>验证集中没有已标注的图像。</translation>
    </message>
    <message>
        <source>Move about 10-20% of the labelled images to the validation split.</source>
        <translation>将大约 10-20% 的已标注图像移到验证集。</translation>
    </message>
    <message>
        <source>Every labelled image is in validation.</source>
        <translation>所有已标注图像都在验证集中。</translation>
    </message>
    <message>
        <source>Move most labelled images back to the training split.</source>
        <translation>将大部分已标注图像移回训练集。</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) cannot be read (ids {ids}).</source>
        <translation>
            <numerusform>%n 张图像无法读取（ID {ids}）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Fix or re-export the files, or remove them from the project; training skips them.</source>
        <translation>请修复或重新导出这些文件，或将其从项目中移除；训练会跳过它们。</translation>
    </message>
    <message numerus="yes">
        <source>Boxes with zero or negative size on %n image(s) (ids {ids}).</source>
        <translation>
            <numerusform>%n 张图像上有尺寸为零或负数的框（ID {ids}）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete or redraw those boxes.</source>
        <translation>请删除或重新绘制这些框。</translation>
    </message>
    <message>
        <source>Annotations refer to a missing class or image (image ids {ids}).</source>
        <translation>标注引用了不存在的类别或图像（图像 ID {ids}）。</translation>
    </message>
    <message>
        <source>Re-import the annotations or delete the orphaned boxes.</source>
        <translation>请重新导入标注，或删除这些孤立的框。</translation>
    </message>
    <message numerus="yes">
        <source>Boxes lie entirely outside the image on %n image(s) (ids {ids}).</source>
        <translation>
            <numerusform>%n 张图像上有完全位于图像之外的框（ID {ids}）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete them; the image may have been rotated after labelling.</source>
        <translation>请删除这些框；图像可能在标注后被旋转过。</translation>
    </message>
    <message numerus="yes">
        <source>Boxes reach past the image border on %n image(s) (ids {ids}).</source>
        <translation>
            <numerusform>%n 张图像上有超出图像边界的框（ID {ids}）。</numerusform>
        </translation>
    </message>
    <message>
        <source>They will be clipped; redraw them if the clip is wrong.</source>
        <translation>这些框会被裁剪；如果裁剪结果不对，请重新绘制。</translation>
    </message>
    <message>
        <source>Classes without boxes: {names}.</source>
        <translation>没有框的类别：{names}。</translation>
    </message>
    <message>
        <source>Label some, or delete the class (the model still spends an output on it).</source>
        <translation>请为其标注一些框，或删除该类别（模型仍会为它占用一个输出）。</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) hold more than {max} boxes (ids {ids}).</source>
        <translation>
            <numerusform>%n 张图像中的框多于 {max} 个（ID {ids}）。</numerusform>
        </translation>
    </message>
    <message>
        <source>The model reports at most {max} detections per image: tile those images or accept missed objects.</source>
        <translation>模型每张图像最多输出 {max} 个检测结果：请将这些图像分块，或接受部分目标漏检。</translation>
    </message>
    <message>
        <source>{tiny} of {total} boxes are under {limit} px at input size {size} and cannot match an anchor at IoU 0.5.</source>
        <translation>在输入尺寸 {size} 下，{total} 个框中有 {tiny} 个小于 {limit} px，无法以 IoU 0.5 匹配到锚框。</translation>
    </message>
    <message>
        <source>Train on tiles: Large images, tiles of {px} px (or raise the input size).</source>
        <translation>按分块训练：将“大图像”设为“{px} px 分块”（或增大输入尺寸）。</translation>
    </message>
    <message>
        <source>Raise the input size, or use smaller tiles.</source>
        <translation>请增大输入尺寸，或使用更小的分块。</translation>
    </message>
    <message>
        <source>Raise the input size, or crop/tile the images.</source>
        <translation>请增大输入尺寸，或对图像进行裁剪/分块。</translation>
    </message>
    <message>
        <source>FP {label}</source>
        <translation>误检 {label}</translation>
    </message>
    <message>
        <source>missed {label}</source>
        <translation>漏检 {label}</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>{path}: {n} damaged line(s) skipped; the rest of the run is shown</source>
        <translation>{path}：已跳过 {n} 行损坏内容；显示该运行的其余部分</translation>
    </message>
    <message>
        <source>cannot read the evaluation {path}: {reason}</source>
        <translation>无法读取评估结果 {path}：{reason}</translation>
    </message>
    <message>
        <source>the image decoder crashed on this file</source>
        <translation>图像解码器在处理此文件时崩溃</translation>
    </message>
    <message>
        <source>cannot read the decoded pixels: {error}</source>
        <translation>无法读取解码后的像素：{error}</translation>
    </message>
    <message>
        <source>training on several GPUs needs a Python install with torch (torchrun); the packaged app trains on one GPU</source>
        <translation>多 GPU 训练需要安装了 torch（torchrun）的 Python 环境；打包版应用只能在单个 GPU 上训练</translation>
    </message>
    <message>
        <source>could not start {program}: {error}</source>
        <translation>无法启动 {program}：{error}</translation>
    </message>
    <message>
        <source>the inference worker ended (exit code {code})</source>
        <translation>推理工作进程已结束（退出代码 {code}）</translation>
    </message>
    <message>
        <source>Download{mb}</source>
        <translation>下载{mb}</translation>
    </message>
    <message>
        <source>Import weights file…</source>
        <translation>导入权重文件…</translation>
    </message>
    <message>
        <source>Use the bundled {lite} backbone</source>
        <translation>使用内置的 {lite} 骨干网络</translation>
    </message>
    <message>
        <source>Train from scratch</source>
        <translation>从头训练</translation>
    </message>
    <message>
        <source>on this machine</source>
        <translation>本机已有</translation>
    </message>
    <message>
        <source>to download, {mb} MB</source>
        <translation>需下载，{mb} MB</translation>
    </message>
    <message>
        <source>to download</source>
        <translation>需下载</translation>
    </message>
    <message>
        <source>bundled</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>nothing (random weights)</source>
        <translation>无（随机权重）</translation>
    </message>
    <message>
        <source>ImageNet backbone ({where})</source>
        <translation>ImageNet 骨干网络（{where}）</translation>
    </message>
    <message>
        <source>COCO-trained {level} ({where}) or a checkpoint file</source>
        <translation>COCO 训练的 {level}（{where}）或检查点文件</translation>
    </message>
    <message>
        <source>COCO checkpoint file</source>
        <translation>COCO 检查点文件</translation>
    </message>
    <message>
        <source>earlier run</source>
        <translation>之前的运行</translation>
    </message>
    <message>
        <source>The checkpoint file {path} does not exist.</source>
        <translation>检查点文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>Choose the file again, or pick another start.</source>
        <translation>请重新选择文件，或选择其他起点。</translation>
    </message>
    <message>
        <source>The ImageNet weights of the {level} backbone ({backbone}) are not on this machine; training never downloads them by itself.</source>
        <translation>本机上没有 {level} 骨干网络（{backbone}）的 ImageNet 权重；训练时不会自动下载。</translation>
    </message>
    <message>
        <source>The COCO-trained {level} weights are not on this machine; training never downloads them by itself.</source>
        <translation>本机上没有 COCO 训练的 {level} 权重；训练时不会自动下载。</translation>
    </message>
    <message>
        <source>Download them now, import a file downloaded elsewhere, use the bundled Lite backbone, or train from scratch.</source>
        <translation>请立即下载，导入在别处下载的文件，使用内置的 Lite 骨干网络，或从头训练。</translation>
    </message>
    <message>
        <source>Download them now, import a file downloaded elsewhere, or train from scratch.</source>
        <translation>请立即下载，导入在别处下载的文件，或从头训练。</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>绘制</translation>
    </message>
    <message>
        <source>Edit / select</source>
        <translation>编辑/选择</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一张</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一张</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Edit mode: click to select, drag a box to move it (Esc leaves draw mode)</source>
        <translation>编辑模式：单击选择，拖动框以移动（Esc 退出绘制模式）</translation>
    </message>
    <message>
        <source>images with misses</source>
        <translation>有漏检的图像</translation>
    </message>
    <message>
        <source>images with false positives</source>
        <translation>有误检的图像</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Fusion weights</source>
        <translation>融合权重</translation>
    </message>
    <message>
        <source>Review predictions</source>
        <translation>复查预测</translation>
    </message>
    <message>
        <source>{file}: the tiling setting cannot be used ({problem}). Large images shows whole images; choose tiles there to write a new setting.</source>
        <translation>{file}：分块设置无法使用（{problem}）。“大图像”显示为整张图像；在那里选择分块即可写入新设置。</translation>
    </message>
    <message>
        <source>Train a model…</source>
        <translation>训练模型…</translation>
    </message>
    <message>
        <source>Stop training</source>
        <translation>停止训练</translation>
    </message>
    <message>
        <source>Pre-label unlabelled images</source>
        <translation>预标注未标注的图像</translation>
    </message>
    <message>
        <source>About EfficientDet Studio</source>
        <translation>关于 EfficientDet Studio</translation>
    </message>
    <message>
        <source>GPU seen by the driver: {gpu}</source>
        <translation>驱动程序识别到的 GPU：{gpu}</translation>
    </message>
    <message>
        <source>Checking torch, CUDA and the GPUs (efficientdet doctor)…</source>
        <translation>正在检查 torch、CUDA 和 GPU（efficientdet doctor）…</translation>
    </message>
    <message>
        <source>The device check failed (exit {code}):</source>
        <translation>设备检查失败（退出代码 {code}）：</translation>
    </message>
    <message>
        <source>Could not run the device check: {error}</source>
        <translation>无法运行设备检查：{error}</translation>
    </message>
    <message>
        <source>{w} × {h} px at ({x}, {y})</source>
        <translation>{w} × {h} px，位于 ({x}, {y})</translation>
    </message>
    <message>
        <source>Drag to draw a box · W draw mode · ? shortcuts</source>
        <translation>拖动以绘制框 · W 绘制模式 · ? 快捷键</translation>
    </message>
    <message>
        <source>Nudge box</source>
        <translation>微移框</translation>
    </message>
    <message>
        <source>Draw box</source>
        <translation>绘制框</translation>
    </message>
    <message>
        <source>Resize box</source>
        <translation>调整框大小</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Add class</source>
        <translation>添加类别</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Rename class</source>
        <translation>重命名类别</translation>
    </message>
    <message>
        <source>Merge class</source>
        <translation>合并类别</translation>
    </message>
    <message>
        <source>Move the {n} boxes of {name} into:</source>
        <translation>将 {name} 的 {n} 个框移到：</translation>
    </message>
    <message>
        <source>Delete class {name} and the {n} boxes that use it? (Undo brings them back.)</source>
        <translation>删除类别 {name} 及使用该类别的 {n} 个框吗？（撤销可恢复。）</translation>
    </message>
    <message>
        <source>{mb} MB</source>
        <translation>{mb} MB</translation>
    </message>
    <message>
        <source>Importing {what}</source>
        <translation>正在导入 {what}</translation>
    </message>
    <message>
        <source>Importing the pretrained weights {what}…</source>
        <translation>正在导入预训练权重 {what}…</translation>
    </message>
    <message>
        <source>Downloading {what}</source>
        <translation>正在下载 {what}</translation>
    </message>
    <message>
        <source>Downloading the pretrained weights {what}…</source>
        <translation>正在下载预训练权重 {what}…</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>mirror base URL (optional)</source>
        <translation>镜像基础 URL（可选）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>cancelling… (the partial file is kept; a later download resumes)</source>
        <translation>正在取消…（已下载的部分文件会保留，之后可继续下载）</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <source>{size} at {speed}/s</source>
        <translation>{size}，{speed}/s</translation>
    </message>
    <message>
        <source>{size}: checking the SHA-256…</source>
        <translation>{size}：正在校验 SHA-256…</translation>
    </message>
    <message>
        <source>What to do: {hint}</source>
        <translation>处理方法：{hint}</translation>
    </message>
    <message>
        <source>the download process ended (exit code {code})</source>
        <translation>下载进程已结束（退出代码 {code}）</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Import weights file</source>
        <translation>导入权重文件</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>All</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <source>This model fuses by plain sums (the official choice of D6-D7x, &quot;for training stability&quot;, and of EfficientDet-Lite): every input counts the same, there are no weights to learn.</source>
        <translation>此模型以简单求和进行融合（D6-D7x 官方的选择，“为了训练稳定”，EfficientDet-Lite 也是如此）：每个输入的权重相同，没有需要学习的权重。</translation>
    </message>
    <message>
        <source>cell</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>No fusion weights yet: they arrive after each evaluation.</source>
        <translation>尚无融合权重：每次评估后才会生成。</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Export SVG…</source>
        <translation>导出 SVG…</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG 图像</translation>
    </message>
    <message>
        <source>SVG image</source>
        <translation>SVG 图像</translation>
    </message>
    <message>
        <source>Hover an edge for its weight</source>
        <translation>将鼠标悬停在连线上可查看其权重</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>All cells</source>
        <translation>所有单元</translation>
    </message>
    <message>
        <source>Fusion weights after epoch {epoch} ({shown}/{count}), method: {method}</source>
        <translation>第 {epoch} 轮后的融合权重（{shown}/{count}），方法：{method}</translation>
    </message>
    <message>
        <source>sum (unweighted)</source>
        <translation>求和（无权重）</translation>
    </message>
    <message>
        <source>normalized weight: 0 → 1</source>
        <translation>归一化权重：0 → 1</translation>
    </message>
    <message>
        <source>bottom-up</source>
        <translation>自下而上</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>top-down</source>
        <translation>自上而下</translation>
    </message>
    <message>
        <source>cell {c}</source>
        <translation>单元 {c}</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>求和</translation>
    </message>
    <message>
        <source>cell {cell}, {slot}: {value}</source>
        <translation>单元 {cell}，{slot}：{value}</translation>
    </message>
    <message>
        <source>could not write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
    <message>
        <source>BiFPN fusion weights</source>
        <translation>BiFPN 融合权重</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>labelled</source>
        <translation>已标注</translation>
    </message>
    <message>
        <source>unlabelled</source>
        <translation>未标注</translation>
    </message>
    <message>
        <source>broken</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>broken: {reason}</source>
        <translation>已损坏：{reason}</translation>
    </message>
    <message>
        <source>{w} x {h} px</source>
        <translation>{w} x {h} px</translation>
    </message>
    <message>
        <source>size not read yet</source>
        <translation>尚未读取尺寸</translation>
    </message>
    <message>
        <source>1 box</source>
        <translation>1 个框</translation>
    </message>
    <message>
        <source>{n} boxes</source>
        <translation>{n} 个框</translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation>按名称搜索</translation>
    </message>
    <message>
        <source>{all} images: {labelled} labelled, {unlabelled} unlabelled, {broken} broken; {shown} shown</source>
        <translation>共 {all} 张图像：{labelled} 张已标注，{unlabelled} 张未标注，{broken} 张已损坏；显示 {shown} 张</translation>
    </message>
    <message>
        <source>cannot read the level table {path}: {error}</source>
        <translation>无法读取级别表 {path}：{error}</translation>
    </message>
    <message>
        <source>{name} at {size} px with batch {batch} needs about {mem} GB; the GPU has {gpu} GB. Lower the batch size or pick a smaller level.</source>
        <translation>{name} 在 {size} px、批大小 {batch} 下约需 {mem} GB；而该 GPU 只有 {gpu} GB。请减小批大小或选择更小的级别。</translation>
    </message>
    <message>
        <source>{name} on the CPU takes about {time} per epoch. Use a GPU or a smaller level.</source>
        <translation>{name} 在 CPU 上每轮约需 {time}。请使用 GPU 或选择更小的级别。</translation>
    </message>
    <message>
        <source>Only {n} labelled images: {name} is likely to over-fit; D0-D2 or Lite0-Lite2 usually do better on small datasets.</source>
        <translation>仅有 {n} 张已标注图像：{name} 很可能过拟合；在小数据集上，D0-D2 或 Lite0-Lite2 通常效果更好。</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Backbone</source>
        <translation>骨干网络</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入尺寸</translation>
    </message>
    <message>
        <source>BiFPN</source>
        <translation>BiFPN</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>检测头</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>GMACs</source>
        <translation>GMACs</translation>
    </message>
    <message>
        <source>GPU mem/img</source>
        <translation>GPU 显存/图像</translation>
    </message>
    <message>
        <source>Epoch time</source>
        <translation>每轮耗时</translation>
    </message>
    <message>
        <source>Epoch time: a rough guess from the level&apos;s amount of computation at the chosen input size and a typical training speed of this kind of device. Real runs can be a few times faster or slower.</source>
        <translation>每轮耗时：根据该级别在所选输入尺寸下的计算量及此类设备的典型训练速度粗略估算。实际运行可能快或慢数倍。</translation>
    </message>
    <message>
        <source>GPU mem/img: about how much GPU memory each image of a batch needs while training at the chosen input size. The model itself and about 0.6 GB for the GPU driver come on top.</source>
        <translation>GPU 显存/图像：以所选输入尺寸训练时，一个批次中每张图像大约需要的 GPU 显存。模型本身以及 GPU 驱动程序约 0.6 GB 的占用需另计。</translation>
    </message>
    <message>
        <source>Estimates for {device}, {n} images (rough, see tooltip)</source>
        <translation>针对 {device}、{n} 张图像的估算（粗略，见工具提示）</translation>
    </message>
    <message>
        <source>{n} M</source>
        <translation>{n} M</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} GB</translation>
    </message>
    <message>
        <source>AP at IoU .50:.05:.95 (the COCO metric)</source>
        <translation>IoU .50:.05:.95 下的 AP（COCO 指标）</translation>
    </message>
    <message>
        <source>AP at IoU 0.50</source>
        <translation>IoU 0.50 下的 AP</translation>
    </message>
    <message>
        <source>AP at IoU 0.75</source>
        <translation>IoU 0.75 下的 AP</translation>
    </message>
    <message>
        <source>AP, small objects (&lt; 32² px)</source>
        <translation>AP，小目标（&lt; 32² px）</translation>
    </message>
    <message>
        <source>AP, medium objects</source>
        <translation>AP，中等目标</translation>
    </message>
    <message>
        <source>AP, large objects (&gt; 96² px)</source>
        <translation>AP，大目标（&gt; 96² px）</translation>
    </message>
    <message>
        <source>recall, 1 detection per image</source>
        <translation>召回率，每张图像 1 个检测结果</translation>
    </message>
    <message>
        <source>recall, 10 detections per image</source>
        <translation>召回率，每张图像 10 个检测结果</translation>
    </message>
    <message>
        <source>recall, 100 detections per image</source>
        <translation>召回率，每张图像 100 个检测结果</translation>
    </message>
    <message>
        <source>recall, small objects</source>
        <translation>召回率，小目标</translation>
    </message>
    <message>
        <source>recall, medium objects</source>
        <translation>召回率，中等目标</translation>
    </message>
    <message>
        <source>recall, large objects</source>
        <translation>召回率，大目标</translation>
    </message>
    <message>
        <source>Choose a run to see its metrics.</source>
        <translation>选择一个运行以查看其指标。</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>precision (IoU 0.5)</source>
        <translation>精确率（IoU 0.5）</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>PR curves</source>
        <translation>PR 曲线</translation>
    </message>
    <message>
        <source>Confusion</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>{run} (from the last Eval event)</source>
        <translation>{run}（来自最近一次评估事件）</translation>
    </message>
    <message>
        <source>pred {c}</source>
        <translation>预测 {c}</translation>
    </message>
    <message>
        <source>true {c}</source>
        <translation>真实 {c}</translation>
    </message>
    <message>
        <source>true {true}, predicted {pred}: {n} ({share})</source>
        <translation>真实 {true}，预测为 {pred}：{n}（{share}）</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>box loss</source>
        <translation>框损失</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>val AP</source>
        <translation>验证 AP</translation>
    </message>
    <message>
        <source>class loss</source>
        <translation>类别损失</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Image loading processes beside the trainer, for new training forms</source>
        <translation>训练进程之外的图像加载进程数，用于新建的训练表单</translation>
    </message>
    <message>
        <source>How long after an edit the labels are written to disk</source>
        <translation>编辑后多久将标注写入磁盘</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Default training device</source>
        <translation>默认训练设备</translation>
    </message>
    <message>
        <source>Default loading processes</source>
        <translation>默认加载进程数</translation>
    </message>
    <message>
        <source>Autosave after</source>
        <translation>自动保存延迟</translation>
    </message>
    <message>
        <source>Loaded {path} on {device} ({n} classes)</source>
        <translation>已在 {device} 上加载 {path}（{n} 个类别）</translation>
    </message>
    <message>
        <source>checkpoint (.pt)</source>
        <translation>检查点 (.pt)</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>No checkpoint loaded</source>
        <translation>未加载检查点</translation>
    </message>
    <message>
        <source>Run on image</source>
        <translation>对当前图像运行</translation>
    </message>
    <message>
        <source>Run on selection</source>
        <translation>对所选图像运行</translation>
    </message>
    <message>
        <source>Run on all</source>
        <translation>对全部图像运行</translation>
    </message>
    <message>
        <source>Score ≥</source>
        <translation>分数 ≥</translation>
    </message>
    <message>
        <source>Accept selected prediction</source>
        <translation>接受所选预测</translation>
    </message>
    <message>
        <source>Accept all above threshold</source>
        <translation>接受所有高于阈值的预测</translation>
    </message>
    <message>
        <source>Pre-label all unlabelled images</source>
        <translation>预标注全部未标注的图像</translation>
    </message>
    <message>
        <source>Review queue (unlabelled, most uncertain first):</source>
        <translation>复查队列（未标注，最不确定的排在前面）：</translation>
    </message>
    <message>
        <source>Loading {path}…</source>
        <translation>正在加载 {path}…</translation>
    </message>
    <message>
        <source>Predicting {n} image(s)…</source>
        <translation>正在预测 {n} 张图像…</translation>
    </message>
    <message>
        <source>Cancelled {n} image(s)</source>
        <translation>已取消 {n} 张图像</translation>
    </message>
    <message>
        <source>Cancelled {n} image(s); {done} answered</source>
        <translation>已取消 {n} 张图像；{done} 张已完成</translation>
    </message>
    <message>
        <source>Error: {text}</source>
        <translation>错误：{text}</translation>
    </message>
    <message>
        <source>Predicting: {n} image(s) to go…</source>
        <translation>正在预测：还剩 {n} 张图像…</translation>
    </message>
    <message>
        <source>Predictions for {n} image(s): {misses} with misses, {fps} with false positives at this threshold</source>
        <translation>{n} 张图像的预测结果：在此阈值下 {misses} 张有漏检，{fps} 张有误检</translation>
    </message>
    <message>
        <source>{n} correct</source>
        <translation>{n} 个正确</translation>
    </message>
    <message>
        <source>{n} false positives</source>
        <translation>{n} 个误检</translation>
    </message>
    <message>
        <source>{n} missed</source>
        <translation>{n} 个漏检</translation>
    </message>
    <message>
        <source>TP</source>
        <translation>TP</translation>
    </message>
    <message>
        <source>FP</source>
        <translation>FP</translation>
    </message>
    <message>
        <source>uncertainty {u}</source>
        <translation>不确定度 {u}</translation>
    </message>
    <message>
        <source>Class {name} is not in this project: skipped.</source>
        <translation>类别 {name} 不在此项目中：已跳过。</translation>
    </message>
    <message>
        <source>Accept prediction</source>
        <translation>接受预测</translation>
    </message>
    <message>
        <source>Accept {n} predictions</source>
        <translation>接受 {n} 个预测</translation>
    </message>
    <message>
        <source>Pre-label {n} images</source>
        <translation>预标注 {n} 张图像</translation>
    </message>
    <message>
        <source>Pre-label image</source>
        <translation>预标注图像</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>检查点文件</translation>
    </message>
    <message>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>fusion</source>
        <translation>融合</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>best AP</source>
        <translation>最佳 AP</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>空</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Resume selected</source>
        <translation>继续所选运行</translation>
    </message>
    <message>
        <source>Set class {n} for the selection (or the next box)</source>
        <translation>为所选框（或下一个框）设置类别 {n}</translation>
    </message>
    <message>
        <source>Open a folder, project or COCO file</source>
        <translation>打开文件夹、项目或 COCO 文件</translation>
    </message>
    <message>
        <source>Save now (autosave runs after every edit anyway)</source>
        <translation>立即保存（每次编辑后也会自动保存）</translation>
    </message>
    <message>
        <source>Toggle draw mode</source>
        <translation>切换绘制模式</translation>
    </message>
    <message>
        <source>Delete the selected boxes</source>
        <translation>删除所选框</translation>
    </message>
    <message>
        <source>Copy the selected boxes</source>
        <translation>复制所选框</translation>
    </message>
    <message>
        <source>Copy all boxes from the previous image</source>
        <translation>从上一张图像复制所有框</translation>
    </message>
    <message>
        <source>Next image</source>
        <translation>下一张图像</translation>
    </message>
    <message>
        <source>Previous image</source>
        <translation>上一张图像</translation>
    </message>
    <message>
        <source>Fit the image in the window</source>
        <translation>使图像适应窗口</translation>
    </message>
    <message>
        <source>Actual size (1:1)</source>
        <translation>实际大小（1:1）</translation>
    </message>
    <message>
        <source>Select all boxes</source>
        <translation>选择所有框</translation>
    </message>
    <message>
        <source>Show this list</source>
        <translation>显示此列表</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Drag on empty space (or in draw mode, W)</source>
        <translation>在空白处拖动（或在绘制模式下，W）</translation>
    </message>
    <message>
        <source>Draw a box</source>
        <translation>绘制框</translation>
    </message>
    <message>
        <source>Drag a box / its handles and edges</source>
        <translation>拖动框/其控制点和边</translation>
    </message>
    <message>
        <source>Move / resize</source>
        <translation>移动/调整大小</translation>
    </message>
    <message>
        <source>Ctrl+click</source>
        <translation>Ctrl+单击</translation>
    </message>
    <message>
        <source>Add a box to / remove it from the selection</source>
        <translation>将框加入选择/从选择中移除</translation>
    </message>
    <message>
        <source>Arrow keys (box selected)</source>
        <translation>方向键（已选中框）</translation>
    </message>
    <message>
        <source>Nudge 1 px; with Shift 10 px</source>
        <translation>微移 1 px；按住 Shift 时 10 px</translation>
    </message>
    <message>
        <source>Right / Left (nothing selected)</source>
        <translation>右/左（未选中任何内容）</translation>
    </message>
    <message>
        <source>Next / previous image</source>
        <translation>下一张/上一张图像</translation>
    </message>
    <message>
        <source>Ctrl+wheel</source>
        <translation>Ctrl+滚轮</translation>
    </message>
    <message>
        <source>Zoom around the cursor</source>
        <translation>以光标为中心缩放</translation>
    </message>
    <message>
        <source>Middle drag, or Space+drag</source>
        <translation>中键拖动，或 Space+拖动</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Cancel drawing, leave draw mode, clear the selection</source>
        <translation>取消绘制，退出绘制模式，清除选择</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Click a key field and press the new keys.</source>
        <translation>单击按键字段，然后按下新的按键。</translation>
    </message>
    <message>
        <source>The official D6-D7x configs use plain sums &quot;for training stability&quot;, and so does EfficientDet-Lite; weighted fusion is allowed but may train less stably.</source>
        <translation>官方 D6-D7x 配置“为了训练稳定”使用简单求和，EfficientDet-Lite 也是如此；也可以选择加权融合，但训练可能不太稳定。</translation>
    </message>
    <message>
        <source>nothing (random)</source>
        <translation>无（随机）</translation>
    </message>
    <message>
        <source>ImageNet backbone</source>
        <translation>ImageNet 骨干网络</translation>
    </message>
    <message>
        <source>fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>softmax</source>
        <translation>softmax</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Left-right</source>
        <translation>左右</translation>
    </message>
    <message>
        <source>Every direction (aerial, microscopy)</source>
        <translation>所有方向（航拍、显微）</translation>
    </message>
    <message>
        <source>SGD, momentum 0.9</source>
        <translation>SGD，动量 0.9</translation>
    </message>
    <message>
        <source>Weight decay follows: {list}</source>
        <translation>权重衰减如下：{list}</translation>
    </message>
    <message>
        <source>{wd} for {name}</source>
        <translation>{name} 为 {wd}</translation>
    </message>
    <message>
        <source>Flips and turns of the training images. Every direction suits pictures without an up: aerial and satellite photos, microscopy, scans.</source>
        <translation>训练图像的翻转与旋转。“所有方向”适合没有上下之分的图像：航拍和卫星照片、显微图像、扫描件。</translation>
    </message>
    <message>
        <source>checkpoint file or run folder</source>
        <translation>检查点文件或运行文件夹</translation>
    </message>
    <message>
        <source>frozen for</source>
        <translation>先冻结</translation>
    </message>
    <message>
        <source>then at</source>
        <translation>，之后以学习率的</translation>
    </message>
    <message>
        <source>the learning rate</source>
        <translation>倍训练</translation>
    </message>
    <message>
        <source>A pretrained backbone trains frozen for the first epochs, then slower than the rest of the detector, so it keeps what it learned on ImageNet.</source>
        <translation>预训练的骨干网络在最初几个轮次中冻结，之后以低于检测器其余部分的速度训练，从而保留其在 ImageNet 上学到的内容。</translation>
    </message>
    <message>
        <source>Image loading processes beside the trainer (0: load in the training process itself; slower, but nothing extra to start)</source>
        <translation>训练进程之外的图像加载进程数（0：在训练进程内加载；较慢，但无需额外启动进程）</translation>
    </message>
    <message>
        <source>of {count} ({device})</source>
        <translation>/ {count}（{device}）</translation>
    </message>
    <message>
        <source>none (CPU)</source>
        <translation>无（CPU）</translation>
    </message>
    <message>
        <source>Several GPUs: one training process per GPU (torchrun); the batch size is per GPU.</source>
        <translation>多个 GPU：每个 GPU 一个训练进程（torchrun）；批大小按每个 GPU 计。</translation>
    </message>
    <message>
        <source>Only one GPU found.</source>
        <translation>只找到一个 GPU。</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Input size</source>
        <translation>输入尺寸</translation>
    </message>
    <message>
        <source>Large images</source>
        <translation>大图像</translation>
    </message>
    <message>
        <source>Flips</source>
        <translation>翻转</translation>
    </message>
    <message>
        <source>Fusion</source>
        <translation>融合</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Loading processes</source>
        <translation>加载进程数</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPU 数</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>Set every training setting back to the defaults for this level and dataset</source>
        <translation>将所有训练设置恢复为此级别和数据集的默认值</translation>
    </message>
    <message>
        <source>Pre-flight check: no problems found.</source>
        <translation>预检：未发现问题。</translation>
    </message>
    <message>
        <source>Pre-flight check: no dataset yet.</source>
        <translation>预检：尚无数据集。</translation>
    </message>
    <message>
        <source>The pretrained weights of {name} ({backbone}) are not on this machine: training starts from random weights. Choose a pretrained start to download or import them.</source>
        <translation>本机上没有 {name}（{backbone}）的预训练权重：训练将从随机权重开始。请选择一个预训练起点来下载或导入权重。</translation>
    </message>
    <message>
        <source>Stopped before the first epoch ended</source>
        <translation>在第一轮结束前已停止</translation>
    </message>
    <message>
        <source>Finished (no epoch)</source>
        <translation>已完成（无轮次）</translation>
    </message>
    <message>
        <source>Stopped after 1 epoch</source>
        <translation>在 1 轮后停止</translation>
    </message>
    <message>
        <source>Stopped after {n} epochs</source>
        <translation>在 {n} 轮后停止</translation>
    </message>
    <message>
        <source>Finished after 1 epoch</source>
        <translation>在 1 轮后完成</translation>
    </message>
    <message>
        <source>Finished after {n} epochs</source>
        <translation>在 {n} 轮后完成</translation>
    </message>
    <message>
        <source>[not an event] {line}</source>
        <translation>[非事件] {line}</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Evaluate now</source>
        <translation>立即评估</translation>
    </message>
    <message>
        <source>Evaluate on the validation images now, between steps</source>
        <translation>立即在验证集图像上评估（在两步之间进行）</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Device: not started</source>
        <translation>设备：未启动</translation>
    </message>
    <message>
        <source>Open a project first: there is nothing to train on.</source>
        <translation>请先打开项目：没有可用于训练的数据。</translation>
    </message>
    <message>
        <source>Start blocked by the pre-flight check: fix the errors listed above.</source>
        <translation>预检阻止了启动：请修复上面列出的错误。</translation>
    </message>
    <message>
        <source>Starting the worker…</source>
        <translation>正在启动工作进程…</translation>
    </message>
    <message>
        <source>Stopping: saving a checkpoint…</source>
        <translation>正在停止：正在保存检查点…</translation>
    </message>
    <message>
        <source>evaluation requested</source>
        <translation>已请求评估</translation>
    </message>
    <message>
        <source>Nothing to resume: no run folder with a config.json.</source>
        <translation>没有可继续的运行：没有包含 config.json 的运行文件夹。</translation>
    </message>
    <message>
        <source>Nothing to resume: {run} holds no last.pt (no checkpoint was written).</source>
        <translation>没有可继续的运行：{run} 中没有 last.pt（未写入任何检查点）。</translation>
    </message>
    <message>
        <source>Device: {device} (asked: {requested})</source>
        <translation>设备：{device}（请求的是：{requested}）</translation>
    </message>
    <message>
        <source>fell back from {gpu}: the worker&apos;s torch cannot use it</source>
        <translation>已从 {gpu} 回退：工作进程的 torch 无法使用它</translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs} · step {step}/{steps} · {rate} img/s · ETA {eta}</source>
        <translation>第 {epoch}/{epochs} 轮 · 第 {step}/{steps} 步 · {rate} img/s · 预计剩余 {eta}</translation>
    </message>
    <message>
        <source>Started {run} on {device}: {train} train / {val} val images</source>
        <translation>已在 {device} 上开始 {run}：训练集 {train} 张 / 验证集 {val} 张图像</translation>
    </message>
    <message>
        <source>epoch {epoch}: loss {loss} ({seconds} s)</source>
        <translation>第 {epoch} 轮：损失 {loss}（{seconds} s）</translation>
    </message>
    <message>
        <source>eval epoch {epoch}:</source>
        <translation>第 {epoch} 轮评估：</translation>
    </message>
    <message>
        <source>saved {path} (best)</source>
        <translation>已保存 {path}（最佳）</translation>
    </message>
    <message>
        <source>saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>warning [{kind}] {message} (x{count})</source>
        <translation>警告 [{kind}] {message}（×{count}）</translation>
    </message>
    <message>
        <source>Training failed: {message}</source>
        <translation>训练失败：{message}</translation>
    </message>
    <message>
        <source>Hint: {hint}</source>
        <translation>提示：{hint}</translation>
    </message>
    <message>
        <source>Last log lines:</source>
        <translation>最后几行日志：</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>the worker ended unexpectedly (exit code {code})</source>
        <translation>工作进程意外结束（退出代码 {code}）</translation>
    </message>
    <message>
        <source>See the log lines below; the last checkpoint can be resumed.</source>
        <translation>请查看下面的日志；可以从最后一个检查点继续训练。</translation>
    </message>
    <message>
        <source>See the log lines below; no checkpoint was written, so there is nothing to resume.</source>
        <translation>请查看下面的日志；未写入任何检查点，因此无法继续训练。</translation>
    </message>
    <message>
        <source>Stopped before the first checkpoint: nothing to resume</source>
        <translation>在第一个检查点之前已停止：无法继续训练</translation>
    </message>
    <message>
        <source>stopped before the first checkpoint: nothing to resume</source>
        <translation>在第一个检查点之前已停止：无法继续训练</translation>
    </message>
    <message>
        <source>Label images with boxes, train an EfficientDet, and look inside it.</source>
        <translation>用框标注图像，训练 EfficientDet，并深入了解其内部。</translation>
    </message>
    <message>
        <source>Open folder or project...</source>
        <translation>打开文件夹或项目...</translation>
    </message>
    <message>
        <source>Open demo project</source>
        <translation>打开演示项目</translation>
    </message>
    <message>
        <source>Recent projects:</source>
        <translation>最近的项目：</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Writing the demo project to {path} ...</source>
        <translation>正在将演示项目写入 {path} ...</translation>
    </message>
    <message>
        <source>Could not write the demo project (exit {code}): {output}</source>
        <translation>无法写入演示项目（退出代码 {code}）：{output}</translation>
    </message>
    <message>
        <source>whole images</source>
        <translation>整张图像</translation>
    </message>
    <message>
        <source>tiles of {px} px</source>
        <translation>{px} px 分块</translation>
    </message>
    <message>
        <source>For large images with small objects: train on overlapping tiles of the full-resolution images, and predict tile by tile (boxes come back in full-image pixels).</source>
        <translation>适用于含小目标的大图像：在全分辨率图像的重叠分块上训练，并逐块预测（返回的框使用整张图像的像素坐标）。</translation>
    </message>
    <message>
        <source>How much neighbouring tiles share, in % of a tile side.</source>
        <translation>相邻分块的重叠量，以分块边长的百分比表示。</translation>
    </message>
    <message>
        <source>overlap</source>
        <translation>重叠</translation>
    </message>
</context>
</TS>
