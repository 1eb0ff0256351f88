<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name></name>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>학습(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <source>Open COCO JSON...</source>
        <translation>COCO JSON 열기...</translation>
    </message>
    <message>
        <source>About EfficientDet Studio...</source>
        <translation>EfficientDet Studio 정보...</translation>
    </message>
    <message>
        <source>the writer process ended without a result (status {status})</source>
        <translation>쓰기 프로세스가 결과 없이 종료되었습니다(상태 {status})</translation>
    </message>
    <message>
        <source>Could not save {path}: {error}</source>
        <translation>{path}을(를) 저장할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>{error}

Your edits are kept in this window: fix the cause, then press Ctrl+S (or make another change) to save again.</source>
        <translation>{error}

편집 내용은 이 창에 그대로 남아 있습니다. 원인을 해결한 다음 Ctrl+S를 누르거나 다시 편집하면 다시 저장됩니다.</translation>
    </message>
    <message>
        <source>{conflict}. Your labels were saved to {written} instead, and {path} was left as it is, so both are kept. Until the project is opened again, this window saves to that copy: compare the two files, keep the one you want as the annotation file, and reopen.</source>
        <translation>{conflict}. 그래서 라벨은 대신 {written}에 저장했고 {path}은(는) 그대로 두었으므로 두 파일이 모두 남아 있습니다. 프로젝트를 다시 열 때까지 이 창은 그 사본에 저장합니다. 두 파일을 비교해 원하는 파일을 어노테이션 파일로 남긴 다음 다시 여세요.</translation>
    </message>
    <message>
        <source>Add box</source>
        <translation>박스 추가</translation>
    </message>
    <message>
        <source>Add boxes</source>
        <translation>박스 여러 개 추가</translation>
    </message>
    <message>
        <source>Delete boxes</source>
        <translation>박스 삭제</translation>
    </message>
    <message>
        <source>Move box</source>
        <translation>박스 이동</translation>
    </message>
    <message>
        <source>Set class</source>
        <translation>클래스 지정</translation>
    </message>
    <message>
        <source>Add class {name}</source>
        <translation>클래스 {name} 추가</translation>
    </message>
    <message>
        <source>Rename class to {name}</source>
        <translation>클래스 이름을 {name}(으)로 변경</translation>
    </message>
    <message>
        <source>Recolour class</source>
        <translation>클래스 색상 변경</translation>
    </message>
    <message>
        <source>Delete class</source>
        <translation>클래스 삭제</translation>
    </message>
    <message>
        <source>Merge classes</source>
        <translation>클래스 병합</translation>
    </message>
    <message>
        <source>image id {id} is used twice</source>
        <translation>이미지 ID {id}이(가) 두 번 사용되었습니다</translation>
    </message>
    <message>
        <source>box id {id} is used twice</source>
        <translation>박스 ID {id}이(가) 두 번 사용되었습니다</translation>
    </message>
    <message>
        <source>a class name cannot be empty</source>
        <translation>클래스 이름은 비워 둘 수 없습니다</translation>
    </message>
    <message>
        <source>a class named {name} exists already</source>
        <translation>이름이 {name}인 클래스가 이미 있습니다</translation>
    </message>
    <message>
        <source>class id {id} is used twice</source>
        <translation>클래스 ID {id}이(가) 두 번 사용되었습니다</translation>
    </message>
    <message>
        <source>cannot rename class {old} to {new}: empty or taken</source>
        <translation>클래스 {old}의 이름을 {new}(으)로 바꿀 수 없습니다: 이름이 비어 있거나 이미 사용 중입니다</translation>
    </message>
    <message>
        <source>cannot merge a class into itself</source>
        <translation>클래스를 자기 자신에 병합할 수 없습니다</translation>
    </message>
    <message>
        <source>{source}: the top level must be a JSON object</source>
        <translation>{source}: 최상위 값은 JSON 객체여야 합니다</translation>
    </message>
    <message>
        <source>{source}: &apos;{key}&apos; must be a list</source>
        <translation>{source}: &apos;{key}&apos; 값은 리스트여야 합니다</translation>
    </message>
    <message>
        <source>&apos;file_name&apos; must be a non-empty string</source>
        <translation>&apos;file_name&apos; 값은 비어 있지 않은 문자열이어야 합니다</translation>
    </message>
    <message>
        <source>bbox must be 4 numbers [x, y, w, h], got {values}</source>
        <translation>bbox는 숫자 4개 [x, y, w, h]여야 합니다. 받은 값: {values}</translation>
    </message>
    <message>
        <source>bbox must be [x, y, w, h] with w, h &gt;= 0, got {values}</source>
        <translation>bbox는 w, h &gt;= 0인 [x, y, w, h]여야 합니다. 받은 값: {values}</translation>
    </message>
    <message>
        <source>missing key {key}</source>
        <translation>키가 없습니다: {key}</translation>
    </message>
    <message>
        <source>{path}: left out, its file name is not valid UTF-8 (COCO files are UTF-8): rename the file to label it</source>
        <translation>{path}: 파일 이름이 올바른 UTF-8이 아니어서 제외했습니다(COCO 파일은 UTF-8입니다). 라벨링하려면 파일 이름을 바꾸세요</translation>
    </message>
    <message>
        <source>The language changes when the app starts next.</source>
        <translation>언어는 앱을 다음에 시작할 때 바뀝니다.</translation>
    </message>
    <message>
        <source>JSON files ({patterns})</source>
        <translation>JSON 파일 ({patterns})</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>{format}...</source>
        <translation>{format}...</translation>
    </message>
    <message>
        <source>COCO file</source>
        <translation>COCO 파일</translation>
    </message>
    <message>
        <source>YOLO labels folder</source>
        <translation>YOLO 라벨 폴더</translation>
    </message>
    <message>
        <source>YOLO classes file</source>
        <translation>YOLO 클래스 파일</translation>
    </message>
    <message>
        <source>{format} annotations folder</source>
        <translation>{format} 어노테이션 폴더</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>가져오기 실패</translation>
    </message>
    <message>
        <source>Import {format}</source>
        <translation>{format} 가져오기</translation>
    </message>
    <message>
        <source>{found} of the {total} boxes in this import are in the project already (same image, same class, IoU &gt; 0.95). Skip them?</source>
        <translation>가져올 박스 {total}개 중 {found}개가 이미 프로젝트에 있습니다(같은 이미지, 같은 클래스, IoU &gt; 0.95). 이 박스들을 건너뛸까요?</translation>
    </message>
    <message>
        <source>Skip them</source>
        <translation>건너뛰기</translation>
    </message>
    <message>
        <source>Import all</source>
        <translation>모두 가져오기</translation>
    </message>
    <message>
        <source>Import boxes</source>
        <translation>박스 가져오기</translation>
    </message>
    <message>
        <source>Imported {n} box(es) from {format} into {images} image(s).</source>
        <translation>{format}에서 박스 {n}개를 이미지 {images}개로 가져왔습니다.</translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n box(es) the project had already.</source>
        <translation>
            <numerusform>프로젝트에 이미 있는 박스 %n개를 건너뛰었습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n box(es) of images outside the image root.</source>
        <translation>
            <numerusform>이미지 루트 밖에 있는 이미지의 박스 %n개를 건너뛰었습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported {n} boxes; {warnings} warnings</source>
        <translation>박스 {n}개 가져옴, 경고 {warnings}개</translation>
    </message>
    <message>
        <source>Export COCO</source>
        <translation>COCO 내보내기</translation>
    </message>
    <message>
        <source>Export {format} to folder</source>
        <translation>폴더에 {format} 내보내기</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <source>Back up and replace</source>
        <translation>백업 후 바꾸기</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>바꾸기</translation>
    </message>
    <message>
        <source>Export {format}</source>
        <translation>{format} 내보내기</translation>
    </message>
    <message>
        <source>Exported {n} {format} file(s) to {folder}</source>
        <translation>{format} 파일 {n}개를 {folder}에 내보냈습니다</translation>
    </message>
    <message>
        <source>... and {n} more</source>
        <translation>... 외 {n}개</translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s):</source>
        <translation>
            <numerusform>경고 %n개:</numerusform>
        </translation>
    </message>
    <message>
        <source>{folder} has files already. None of them is replaced; {n} file(s) are added.</source>
        <translation>{folder}에 이미 파일이 있습니다. 기존 파일은 하나도 바꾸지 않고 파일 {n}개를 추가합니다.</translation>
    </message>
    <message>
        <source>{folder} has files already. This export replaces {n} of them ({merged} labelme file(s) are merged: the shapes the studio did not write are kept):</source>
        <translation>{folder}에 이미 파일이 있습니다. 이번 내보내기는 그중 {n}개를 바꿉니다(labelme 파일 {merged}개는 병합되며, 스튜디오가 쓰지 않은 도형은 유지됩니다):</translation>
    </message>
    <message>
        <source>{folder} has files already. This export replaces {n} of them:</source>
        <translation>{folder}에 이미 파일이 있습니다. 이번 내보내기는 그중 {n}개를 바꿉니다:</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>클래스</translation>
    </message>
    <message>
        <source>Boxes</source>
        <translation>박스</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Reset layout</source>
        <translation>레이아웃 초기화</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>열 수 없음</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>저장할 수 없음</translation>
    </message>
    <message>
        <source>Saved beside</source>
        <translation>별도 사본으로 저장됨</translation>
    </message>
    <message>
        <source>{name} (read-only) - EfficientDet Studio</source>
        <translation>{name} (읽기 전용) - EfficientDet Studio</translation>
    </message>
    <message>
        <source>{name} - EfficientDet Studio</source>
        <translation>{name} - EfficientDet Studio</translation>
    </message>
    <message>
        <source>Opened read-only</source>
        <translation>읽기 전용으로 열림</translation>
    </message>
    <message>
        <source>Opened with notes</source>
        <translation>열림(참고 사항 있음)</translation>
    </message>
    <message>
        <source>Edits not saved</source>
        <translation>편집 내용이 저장되지 않음</translation>
    </message>
    <message>
        <source>{error}

Close anyway and lose the edits since the last save? Choose Cancel to stay, fix the cause and press Ctrl+S.</source>
        <translation>{error}

그래도 닫고 마지막 저장 이후의 편집 내용을 버릴까요? 창을 닫지 않으려면 취소를 선택하고, 원인을 해결한 다음 Ctrl+S를 누르세요.</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>저장됨</translation>
    </message>
    <message>
        <source>Open a folder of images or a project</source>
        <translation>이미지 폴더 또는 프로젝트 열기</translation>
    </message>
    <message>
        <source>Open COCO annotations</source>
        <translation>COCO 어노테이션 열기</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>불러오는 중...</translation>
    </message>
    <message>
        <source>Cannot show this image: {reason}</source>
        <translation>이 이미지를 표시할 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>No class {n} yet: add one in the Classes dock</source>
        <translation>아직 {n}번 클래스가 없습니다. 클래스 패널에서 추가하세요</translation>
    </message>
    <message>
        <source>Class: {name}</source>
        <translation>클래스: {name}</translation>
    </message>
    <message>
        <source>Paste boxes</source>
        <translation>박스 붙여넣기</translation>
    </message>
    <message>
        <source>Copy boxes from the previous image</source>
        <translation>이전 이미지의 박스 복사</translation>
    </message>
    <message>
        <source>{w} × {h} px</source>
        <translation>{w} × {h} px</translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation>크기 알 수 없음</translation>
    </message>
    <message>
        <source>draw mode (W)</source>
        <translation>그리기 모드 (W)</translation>
    </message>
    <message>
        <source>edit mode</source>
        <translation>편집 모드</translation>
    </message>
    <message>
        <source>zoom {percent}</source>
        <translation>배율 {percent}</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>최근 프로젝트 없음</translation>
    </message>
    <message>
        <source>Clear Recent</source>
        <translation>최근 항목 지우기</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>최근 항목 열기(&amp;R)</translation>
    </message>
    <message>
        <source>User Guide</source>
        <translation>사용자 가이드</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Preferences...</source>
        <translation>환경 설정...</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>라벨링</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>검토</translation>
    </message>
    <message>
        <source>Label mode: the image list, classes and boxes</source>
        <translation>라벨링 모드: 이미지 목록, 클래스, 박스</translation>
    </message>
    <message>
        <source>Train mode: the training form, runs and metrics</source>
        <translation>학습 모드: 학습 설정, 실행, 지표</translation>
    </message>
    <message>
        <source>Review mode: predictions, metrics and fusion weights</source>
        <translation>검토 모드: 예측, 지표, 융합 가중치</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>모드</translation>
    </message>
    <message>
        <source>ERROR</source>
        <translation>오류</translation>
    </message>
    <message>
        <source>WARNING</source>
        <translation>경고</translation>
    </message>
    <message>
        <source>{severity}: {message} Fix: {fix}</source>
        <translation>{severity}: {message} 해결 방법: {fix}</translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation> 외 {n}개</translation>
    </message>
    <message>
        <source>No readable image has a box.</source>
        <translation>읽을 수 있는 이미지 중 박스가 있는 이미지가 없습니다.</translation>
    </message>
    <message>
        <source>Label some images before training.</source>
        <translation>학습하기 전에 이미지를 몇 장 라벨링하세요.</translation>
    </message>
    <message>
        <source>The validation split has no labelled image.</source>
        <translation>검증 세트에 라벨링된 이미지가 없습니다.</translation>
    </message>
    <message>
        <source>Move about 10-20% of the labelled images to the validation split.</source>
        <translation>라벨링된 이미지의 10-20% 정도를 검증 세트로 옮기세요.</translation>
    </message>
    <message>
        <source>Every labelled image is in validation.</source>
        <translation>라벨링된 이미지가 모두 검증 세트에 있습니다.</translation>
    </message>
    <message>
        <source>Move most labelled images back to the training split.</source>
        <translation>라벨링된 이미지 대부분을 학습 세트로 되돌리세요.</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) cannot be read (ids {ids}).</source>
        <translation>
            <numerusform>이미지 %n개를 읽을 수 없습니다(ID {ids}).</numerusform>
        </translation>
    </message>
    <message>
        <source>Fix or re-export the files, or remove them from the project; training skips them.</source>
        <translation>파일을 고치거나 다시 내보내거나 프로젝트에서 제거하세요. 학습할 때는 이 이미지들을 건너뜁니다.</translation>
    </message>
    <message numerus="yes">
        <source>Boxes with zero or negative size on %n image(s) (ids {ids}).</source>
        <translation>
            <numerusform>이미지 %n개에 크기가 0이거나 음수인 박스가 있습니다(ID {ids}).</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete or redraw those boxes.</source>
        <translation>해당 박스를 삭제하거나 다시 그리세요.</translation>
    </message>
    <message>
        <source>Annotations refer to a missing class or image (image ids {ids}).</source>
        <translation>존재하지 않는 클래스나 이미지를 참조하는 어노테이션이 있습니다(이미지 ID {ids}).</translation>
    </message>
    <message>
        <source>Re-import the annotations or delete the orphaned boxes.</source>
        <translation>어노테이션을 다시 가져오거나 참조 대상이 없는 박스를 삭제하세요.</translation>
    </message>
    <message numerus="yes">
        <source>Boxes lie entirely outside the image on %n image(s) (ids {ids}).</source>
        <translation>
            <numerusform>이미지 %n개에 이미지 영역을 완전히 벗어난 박스가 있습니다(ID {ids}).</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete them; the image may have been rotated after labelling.</source>
        <translation>해당 박스를 삭제하세요. 라벨링한 뒤에 이미지가 회전되었을 수 있습니다.</translation>
    </message>
    <message numerus="yes">
        <source>Boxes reach past the image border on %n image(s) (ids {ids}).</source>
        <translation>
            <numerusform>이미지 %n개에 이미지 경계를 넘어가는 박스가 있습니다(ID {ids}).</numerusform>
        </translation>
    </message>
    <message>
        <source>They will be clipped; redraw them if the clip is wrong.</source>
        <translation>경계에 맞춰 잘립니다. 잘린 결과가 잘못되었다면 다시 그리세요.</translation>
    </message>
    <message>
        <source>Classes without boxes: {names}.</source>
        <translation>박스가 없는 클래스: {names}.</translation>
    </message>
    <message>
        <source>Label some, or delete the class (the model still spends an output on it).</source>
        <translation>몇 개라도 라벨링하거나 클래스를 삭제하세요(박스가 없어도 모델은 이 클래스에 출력을 하나 씁니다).</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) hold more than {max} boxes (ids {ids}).</source>
        <translation>
            <numerusform>이미지 %n개에 박스가 {max}개보다 많습니다(ID {ids}).</numerusform>
        </translation>
    </message>
    <message>
        <source>The model reports at most {max} detections per image: tile those images or accept missed objects.</source>
        <translation>모델은 이미지당 최대 {max}개까지만 검출합니다. 해당 이미지를 타일로 분할하거나 놓치는 객체가 생기는 것을 감수하세요.</translation>
    </message>
    <message>
        <source>{tiny} of {total} boxes are under {limit} px at input size {size} and cannot match an anchor at IoU 0.5.</source>
        <translation>입력 크기 {size}에서 박스 {total}개 중 {tiny}개가 {limit} px 미만이어서 IoU 0.5로 앵커와 매칭될 수 없습니다.</translation>
    </message>
    <message>
        <source>Train on tiles: Large images, tiles of {px} px (or raise the input size).</source>
        <translation>타일로 학습하세요: 큰 이미지에서 {px} px 타일 선택 (또는 입력 크기를 키우세요).</translation>
    </message>
    <message>
        <source>Raise the input size, or use smaller tiles.</source>
        <translation>입력 크기를 키우거나 더 작은 타일을 사용하세요.</translation>
    </message>
    <message>
        <source>Raise the input size, or crop/tile the images.</source>
        <translation>입력 크기를 키우거나 이미지를 자르거나 타일로 분할하세요.</translation>
    </message>
    <message>
        <source>FP {label}</source>
        <translation>FP {label}</translation>
    </message>
    <message>
        <source>missed {label}</source>
        <translation>누락 {label}</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation>{path}을(를) 읽을 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>{path}: {n} damaged line(s) skipped; the rest of the run is shown</source>
        <translation>{path}: 손상된 줄 {n}개를 건너뛰었습니다. 실행의 나머지 부분은 표시됩니다</translation>
    </message>
    <message>
        <source>cannot read the evaluation {path}: {reason}</source>
        <translation>평가 파일 {path}을(를) 읽을 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>the image decoder crashed on this file</source>
        <translation>이 파일을 처리하다가 이미지 디코더가 비정상 종료되었습니다</translation>
    </message>
    <message>
        <source>cannot read the decoded pixels: {error}</source>
        <translation>디코딩된 픽셀을 읽을 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>training on several GPUs needs a Python install with torch (torchrun); the packaged app trains on one GPU</source>
        <translation>여러 GPU로 학습하려면 torch가 설치된 Python(torchrun)이 필요합니다. 패키지로 설치된 앱은 GPU 하나로 학습합니다</translation>
    </message>
    <message>
        <source>could not start {program}: {error}</source>
        <translation>{program}을(를) 시작할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>the inference worker ended (exit code {code})</source>
        <translation>추론 워커가 종료되었습니다(종료 코드 {code})</translation>
    </message>
    <message>
        <source>Download{mb}</source>
        <translation>다운로드{mb}</translation>
    </message>
    <message>
        <source>Import weights file…</source>
        <translation>가중치 파일 가져오기…</translation>
    </message>
    <message>
        <source>Use the bundled {lite} backbone</source>
        <translation>내장된 {lite} 백본 사용</translation>
    </message>
    <message>
        <source>Train from scratch</source>
        <translation>처음부터 학습</translation>
    </message>
    <message>
        <source>on this machine</source>
        <translation>이 컴퓨터에 있음</translation>
    </message>
    <message>
        <source>to download, {mb} MB</source>
        <translation>다운로드 필요, {mb} MB</translation>
    </message>
    <message>
        <source>to download</source>
        <translation>다운로드 필요</translation>
    </message>
    <message>
        <source>bundled</source>
        <translation>내장됨</translation>
    </message>
    <message>
        <source>nothing (random weights)</source>
        <translation>없음(무작위 가중치)</translation>
    </message>
    <message>
        <source>ImageNet backbone ({where})</source>
        <translation>ImageNet 백본 ({where})</translation>
    </message>
    <message>
        <source>COCO-trained {level} ({where}) or a checkpoint file</source>
        <translation>COCO로 학습된 {level} ({where}) 또는 체크포인트 파일</translation>
    </message>
    <message>
        <source>COCO checkpoint file</source>
        <translation>COCO 체크포인트 파일</translation>
    </message>
    <message>
        <source>earlier run</source>
        <translation>이전 실행</translation>
    </message>
    <message>
        <source>The checkpoint file {path} does not exist.</source>
        <translation>체크포인트 파일이 없습니다: {path}</translation>
    </message>
    <message>
        <source>Choose the file again, or pick another start.</source>
        <translation>파일을 다시 선택하거나 다른 시작점을 고르세요.</translation>
    </message>
    <message>
        <source>The ImageNet weights of the {level} backbone ({backbone}) are not on this machine; training never downloads them by itself.</source>
        <translation>{level} 백본({backbone})의 ImageNet 가중치가 이 컴퓨터에 없습니다. 학습 중에는 가중치를 자동으로 다운로드하지 않습니다.</translation>
    </message>
    <message>
        <source>The COCO-trained {level} weights are not on this machine; training never downloads them by itself.</source>
        <translation>COCO로 학습된 {level} 가중치가 이 컴퓨터에 없습니다. 학습 중에는 가중치를 자동으로 다운로드하지 않습니다.</translation>
    </message>
    <message>
        <source>Download them now, import a file downloaded elsewhere, use the bundled Lite backbone, or train from scratch.</source>
        <translation>지금 다운로드하거나, 다른 곳에서 받은 파일을 가져오거나, 내장된 Lite 백본을 사용하거나, 처음부터 학습하세요.</translation>
    </message>
    <message>
        <source>Download them now, import a file downloaded elsewhere, or train from scratch.</source>
        <translation>지금 다운로드하거나, 다른 곳에서 받은 파일을 가져오거나, 처음부터 학습하세요.</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>그리기</translation>
    </message>
    <message>
        <source>Edit / select</source>
        <translation>편집 / 선택</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>맞춤</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>확대</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>축소</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>이전</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>도구</translation>
    </message>
    <message>
        <source>Edit mode: click to select, drag a box to move it (Esc leaves draw mode)</source>
        <translation>편집 모드: 클릭하여 선택하고 박스를 드래그하여 이동합니다(Esc: 그리기 모드 종료)</translation>
    </message>
    <message>
        <source>images with misses</source>
        <translation>누락이 있는 이미지</translation>
    </message>
    <message>
        <source>images with false positives</source>
        <translation>오검출이 있는 이미지</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>실행 목록</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>지표</translation>
    </message>
    <message>
        <source>Fusion weights</source>
        <translation>융합 가중치</translation>
    </message>
    <message>
        <source>Review predictions</source>
        <translation>예측 검토</translation>
    </message>
    <message>
        <source>{file}: the tiling setting cannot be used ({problem}). Large images shows whole images; choose tiles there to write a new setting.</source>
        <translation>{file}: 타일 설정을 사용할 수 없습니다({problem}). &apos;큰 이미지&apos;는 이미지 전체로 표시됩니다. 그곳에서 타일을 고르면 새 설정이 저장됩니다.</translation>
    </message>
    <message>
        <source>Train a model…</source>
        <translation>모델 학습…</translation>
    </message>
    <message>
        <source>Stop training</source>
        <translation>학습 중지</translation>
    </message>
    <message>
        <source>Pre-label unlabelled images</source>
        <translation>라벨링되지 않은 이미지 사전 라벨링</translation>
    </message>
    <message>
        <source>About EfficientDet Studio</source>
        <translation>EfficientDet Studio 정보</translation>
    </message>
    <message>
        <source>GPU seen by the driver: {gpu}</source>
        <translation>드라이버가 인식한 GPU: {gpu}</translation>
    </message>
    <message>
        <source>Checking torch, CUDA and the GPUs (efficientdet doctor)…</source>
        <translation>torch, CUDA, GPU를 확인하는 중(efficientdet doctor)…</translation>
    </message>
    <message>
        <source>The device check failed (exit {code}):</source>
        <translation>장치 점검에 실패했습니다(종료 코드 {code}):</translation>
    </message>
    <message>
        <source>Could not run the device check: {error}</source>
        <translation>장치 점검을 실행할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>{w} × {h} px at ({x}, {y})</source>
        <translation>{w} × {h} px, 위치 ({x}, {y})</translation>
    </message>
    <message>
        <source>Drag to draw a box · W draw mode · ? shortcuts</source>
        <translation>드래그하여 박스 그리기 · W 그리기 모드 · ? 단축키</translation>
    </message>
    <message>
        <source>Nudge box</source>
        <translation>박스 미세 이동</translation>
    </message>
    <message>
        <source>Draw box</source>
        <translation>박스 그리기</translation>
    </message>
    <message>
        <source>Resize box</source>
        <translation>박스 크기 조정</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>추가</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>이름 변경</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>색상</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>병합</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Add class</source>
        <translation>클래스 추가</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>이름:</translation>
    </message>
    <message>
        <source>Rename class</source>
        <translation>클래스 이름 변경</translation>
    </message>
    <message>
        <source>Merge class</source>
        <translation>클래스 병합</translation>
    </message>
    <message>
        <source>Move the {n} boxes of {name} into:</source>
        <translation>{name}의 박스 {n}개를 옮길 클래스:</translation>
    </message>
    <message>
        <source>Delete class {name} and the {n} boxes that use it? (Undo brings them back.)</source>
        <translation>클래스 {name}을(를) 삭제하고 이 클래스를 사용하는 박스 {n}개도 삭제할까요? (실행 취소로 되돌릴 수 있습니다.)</translation>
    </message>
    <message>
        <source>{mb} MB</source>
        <translation>{mb} MB</translation>
    </message>
    <message>
        <source>Importing {what}</source>
        <translation>{what} 가져오는 중</translation>
    </message>
    <message>
        <source>Importing the pretrained weights {what}…</source>
        <translation>사전 학습 가중치 {what} 가져오는 중…</translation>
    </message>
    <message>
        <source>Downloading {what}</source>
        <translation>{what} 다운로드 중</translation>
    </message>
    <message>
        <source>Downloading the pretrained weights {what}…</source>
        <translation>사전 학습 가중치 {what} 다운로드 중…</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>연결 중…</translation>
    </message>
    <message>
        <source>mirror base URL (optional)</source>
        <translation>미러 기본 URL (선택 사항)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>cancelling… (the partial file is kept; a later download resumes)</source>
        <translation>취소하는 중… (받던 파일은 남겨 두며 다음에 다운로드할 때 이어서 받습니다)</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <source>{size} at {speed}/s</source>
        <translation>{size}, {speed}/s</translation>
    </message>
    <message>
        <source>{size}: checking the SHA-256…</source>
        <translation>{size}: SHA-256 확인 중…</translation>
    </message>
    <message>
        <source>What to do: {hint}</source>
        <translation>해결 방법: {hint}</translation>
    </message>
    <message>
        <source>the download process ended (exit code {code})</source>
        <translation>다운로드 프로세스가 종료되었습니다(종료 코드 {code})</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Import weights file</source>
        <translation>가중치 파일 가져오기</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>가중치</translation>
    </message>
    <message>
        <source>All</source>
        <translation>모든 파일</translation>
    </message>
    <message>
        <source>This model fuses by plain sums (the official choice of D6-D7x, &quot;for training stability&quot;, and of EfficientDet-Lite): every input counts the same, there are no weights to learn.</source>
        <translation>이 모델은 단순 합으로 융합합니다(&quot;학습 안정성을 위해&quot; D6-D7x가 택한 공식 설정이며 EfficientDet-Lite도 같습니다). 모든 입력이 같은 비중을 가지며 학습할 가중치가 없습니다.</translation>
    </message>
    <message>
        <source>cell</source>
        <translation>셀</translation>
    </message>
    <message>
        <source>No fusion weights yet: they arrive after each evaluation.</source>
        <translation>아직 융합 가중치가 없습니다. 평가할 때마다 갱신됩니다.</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG 내보내기…</translation>
    </message>
    <message>
        <source>Export SVG…</source>
        <translation>SVG 내보내기…</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG 이미지</translation>
    </message>
    <message>
        <source>SVG image</source>
        <translation>SVG 이미지</translation>
    </message>
    <message>
        <source>Hover an edge for its weight</source>
        <translation>연결선에 마우스를 올리면 가중치가 표시됩니다</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>셀</translation>
    </message>
    <message>
        <source>All cells</source>
        <translation>모든 셀</translation>
    </message>
    <message>
        <source>Fusion weights after epoch {epoch} ({shown}/{count}), method: {method}</source>
        <translation>에포크 {epoch} 이후 융합 가중치 ({shown}/{count}), 방식: {method}</translation>
    </message>
    <message>
        <source>sum (unweighted)</source>
        <translation>합(가중치 없음)</translation>
    </message>
    <message>
        <source>normalized weight: 0 → 1</source>
        <translation>정규화된 가중치: 0 → 1</translation>
    </message>
    <message>
        <source>bottom-up</source>
        <translation>상향식</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>top-down</source>
        <translation>하향식</translation>
    </message>
    <message>
        <source>cell {c}</source>
        <translation>셀 {c}</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>합</translation>
    </message>
    <message>
        <source>cell {cell}, {slot}: {value}</source>
        <translation>셀 {cell}, {slot}: {value}</translation>
    </message>
    <message>
        <source>could not write {path}</source>
        <translation>{path}에 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>BiFPN fusion weights</source>
        <translation>BiFPN 융합 가중치</translation>
    </message>
    <message>
        <source>all</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>labelled</source>
        <translation>라벨링됨</translation>
    </message>
    <message>
        <source>unlabelled</source>
        <translation>라벨링 안 됨</translation>
    </message>
    <message>
        <source>broken</source>
        <translation>손상됨</translation>
    </message>
    <message>
        <source>broken: {reason}</source>
        <translation>손상됨: {reason}</translation>
    </message>
    <message>
        <source>{w} x {h} px</source>
        <translation>{w} x {h} px</translation>
    </message>
    <message>
        <source>size not read yet</source>
        <translation>크기를 아직 읽지 않음</translation>
    </message>
    <message>
        <source>1 box</source>
        <translation>박스 1개</translation>
    </message>
    <message>
        <source>{n} boxes</source>
        <translation>박스 {n}개</translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation>이름으로 검색</translation>
    </message>
    <message>
        <source>{all} images: {labelled} labelled, {unlabelled} unlabelled, {broken} broken; {shown} shown</source>
        <translation>이미지 {all}개: 라벨링됨 {labelled}, 라벨링 안 됨 {unlabelled}, 손상됨 {broken}, 표시 {shown}</translation>
    </message>
    <message>
        <source>cannot read the level table {path}: {error}</source>
        <translation>레벨 표 {path}을(를) 읽을 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>{name} at {size} px with batch {batch} needs about {mem} GB; the GPU has {gpu} GB. Lower the batch size or pick a smaller level.</source>
        <translation>입력 {size} px, 배치 크기 {batch}일 때 {name}에는 약 {mem} GB가 필요하지만 GPU 메모리는 {gpu} GB입니다. 배치 크기를 줄이거나 더 작은 레벨을 고르세요.</translation>
    </message>
    <message>
        <source>{name} on the CPU takes about {time} per epoch. Use a GPU or a smaller level.</source>
        <translation>CPU에서 {name} 학습은 에포크당 약 {time} 걸립니다. GPU나 더 작은 레벨을 사용하세요.</translation>
    </message>
    <message>
        <source>Only {n} labelled images: {name} is likely to over-fit; D0-D2 or Lite0-Lite2 usually do better on small datasets.</source>
        <translation>라벨링된 이미지가 {n}개뿐이라 {name}은(는) 과적합되기 쉽습니다. 작은 데이터셋에서는 보통 D0-D2나 Lite0-Lite2가 더 낫습니다.</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>레벨</translation>
    </message>
    <message>
        <source>Backbone</source>
        <translation>백본</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>BiFPN</source>
        <translation>BiFPN</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>헤드</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <source>GMACs</source>
        <translation>GMACs</translation>
    </message>
    <message>
        <source>GPU mem/img</source>
        <translation>GPU 메모리/이미지</translation>
    </message>
    <message>
        <source>Epoch time</source>
        <translation>에포크 시간</translation>
    </message>
    <message>
        <source>Epoch time: a rough guess from the level&apos;s amount of computation at the chosen input size and a typical training speed of this kind of device. Real runs can be a few times faster or slower.</source>
        <translation>에포크 시간: 선택한 입력 크기에서의 레벨 연산량과 이 종류 장치의 일반적인 학습 속도로 어림한 값입니다. 실제 실행은 몇 배 더 빠르거나 느릴 수 있습니다.</translation>
    </message>
    <message>
        <source>GPU mem/img: about how much GPU memory each image of a batch needs while training at the chosen input size. The model itself and about 0.6 GB for the GPU driver come on top.</source>
        <translation>GPU 메모리/이미지: 선택한 입력 크기로 학습할 때 배치의 이미지 한 장에 필요한 GPU 메모리의 대략적인 양입니다. 여기에 모델 자체와 GPU 드라이버용 약 0.6 GB가 더해집니다.</translation>
    </message>
    <message>
        <source>Estimates for {device}, {n} images (rough, see tooltip)</source>
        <translation>{device}, 이미지 {n}개 기준 추정치(대략적인 값, 도구 설명 참고)</translation>
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
        <translation>IoU .50:.05:.95에서의 AP (COCO 지표)</translation>
    </message>
    <message>
        <source>AP at IoU 0.50</source>
        <translation>IoU 0.50에서의 AP</translation>
    </message>
    <message>
        <source>AP at IoU 0.75</source>
        <translation>IoU 0.75에서의 AP</translation>
    </message>
    <message>
        <source>AP, small objects (&lt; 32² px)</source>
        <translation>AP, 작은 객체 (&lt; 32² px)</translation>
    </message>
    <message>
        <source>AP, medium objects</source>
        <translation>AP, 중간 객체</translation>
    </message>
    <message>
        <source>AP, large objects (&gt; 96² px)</source>
        <translation>AP, 큰 객체 (&gt; 96² px)</translation>
    </message>
    <message>
        <source>recall, 1 detection per image</source>
        <translation>재현율, 이미지당 검출 1개</translation>
    </message>
    <message>
        <source>recall, 10 detections per image</source>
        <translation>재현율, 이미지당 검출 10개</translation>
    </message>
    <message>
        <source>recall, 100 detections per image</source>
        <translation>재현율, 이미지당 검출 100개</translation>
    </message>
    <message>
        <source>recall, small objects</source>
        <translation>재현율, 작은 객체</translation>
    </message>
    <message>
        <source>recall, medium objects</source>
        <translation>재현율, 중간 객체</translation>
    </message>
    <message>
        <source>recall, large objects</source>
        <translation>재현율, 큰 객체</translation>
    </message>
    <message>
        <source>Choose a run to see its metrics.</source>
        <translation>지표를 보려면 실행을 선택하세요.</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>지표</translation>
    </message>
    <message>
        <source>value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>meaning</source>
        <translation>의미</translation>
    </message>
    <message>
        <source>class</source>
        <translation>클래스</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>재현율</translation>
    </message>
    <message>
        <source>precision (IoU 0.5)</source>
        <translation>정밀도 (IoU 0.5)</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>클래스별</translation>
    </message>
    <message>
        <source>PR curves</source>
        <translation>PR 곡선</translation>
    </message>
    <message>
        <source>Confusion</source>
        <translation>혼동 행렬</translation>
    </message>
    <message>
        <source>{run} (from the last Eval event)</source>
        <translation>{run} (마지막 Eval 이벤트 기준)</translation>
    </message>
    <message>
        <source>pred {c}</source>
        <translation>예측 {c}</translation>
    </message>
    <message>
        <source>true {c}</source>
        <translation>실제 {c}</translation>
    </message>
    <message>
        <source>true {true}, predicted {pred}: {n} ({share})</source>
        <translation>실제 {true}, 예측 {pred}: {n} ({share})</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>box loss</source>
        <translation>박스 손실</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>val AP</source>
        <translation>검증 AP</translation>
    </message>
    <message>
        <source>class loss</source>
        <translation>클래스 손실</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>System</source>
        <translation>시스템</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>밝게</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>어둡게</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>환경 설정</translation>
    </message>
    <message>
        <source>Image loading processes beside the trainer, for new training forms</source>
        <translation>학습 프로세스와 별도로 이미지를 불러오는 프로세스 수(새 학습 설정에 적용)</translation>
    </message>
    <message>
        <source>How long after an edit the labels are written to disk</source>
        <translation>편집 후 라벨을 디스크에 쓰기까지의 시간</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>테마</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Default training device</source>
        <translation>기본 학습 장치</translation>
    </message>
    <message>
        <source>Default loading processes</source>
        <translation>기본 로딩 프로세스 수</translation>
    </message>
    <message>
        <source>Autosave after</source>
        <translation>자동 저장 대기 시간</translation>
    </message>
    <message>
        <source>Loaded {path} on {device} ({n} classes)</source>
        <translation>{path}을(를) {device}에 불러왔습니다(클래스 {n}개)</translation>
    </message>
    <message>
        <source>checkpoint (.pt)</source>
        <translation>체크포인트 (.pt)</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>불러오기</translation>
    </message>
    <message>
        <source>No checkpoint loaded</source>
        <translation>불러온 체크포인트 없음</translation>
    </message>
    <message>
        <source>Run on image</source>
        <translation>이미지에 실행</translation>
    </message>
    <message>
        <source>Run on selection</source>
        <translation>선택 항목에 실행</translation>
    </message>
    <message>
        <source>Run on all</source>
        <translation>전체에 실행</translation>
    </message>
    <message>
        <source>Score ≥</source>
        <translation>점수 ≥</translation>
    </message>
    <message>
        <source>Accept selected prediction</source>
        <translation>선택한 예측 수락</translation>
    </message>
    <message>
        <source>Accept all above threshold</source>
        <translation>임계값 이상 모두 수락</translation>
    </message>
    <message>
        <source>Pre-label all unlabelled images</source>
        <translation>라벨링되지 않은 이미지 모두 사전 라벨링</translation>
    </message>
    <message>
        <source>Review queue (unlabelled, most uncertain first):</source>
        <translation>검토 대기열(라벨링되지 않은 이미지, 불확실성 높은 순):</translation>
    </message>
    <message>
        <source>Loading {path}…</source>
        <translation>{path} 불러오는 중…</translation>
    </message>
    <message>
        <source>Predicting {n} image(s)…</source>
        <translation>이미지 {n}개 예측 중…</translation>
    </message>
    <message>
        <source>Cancelled {n} image(s)</source>
        <translation>이미지 {n}개 취소됨</translation>
    </message>
    <message>
        <source>Cancelled {n} image(s); {done} answered</source>
        <translation>이미지 {n}개 취소됨, {done}개 완료</translation>
    </message>
    <message>
        <source>Error: {text}</source>
        <translation>오류: {text}</translation>
    </message>
    <message>
        <source>Predicting: {n} image(s) to go…</source>
        <translation>예측 중: 이미지 {n}개 남음…</translation>
    </message>
    <message>
        <source>Predictions for {n} image(s): {misses} with misses, {fps} with false positives at this threshold</source>
        <translation>이미지 {n}개 예측 결과: 이 임계값에서 누락 있음 {misses}개, 오검출 있음 {fps}개</translation>
    </message>
    <message>
        <source>{n} correct</source>
        <translation>정답 {n}개</translation>
    </message>
    <message>
        <source>{n} false positives</source>
        <translation>오검출 {n}개</translation>
    </message>
    <message>
        <source>{n} missed</source>
        <translation>누락 {n}개</translation>
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
        <translation>불확실성 {u}</translation>
    </message>
    <message>
        <source>Class {name} is not in this project: skipped.</source>
        <translation>클래스 {name}은(는) 이 프로젝트에 없어 건너뛰었습니다.</translation>
    </message>
    <message>
        <source>Accept prediction</source>
        <translation>예측 수락</translation>
    </message>
    <message>
        <source>Accept {n} predictions</source>
        <translation>예측 {n}개 수락</translation>
    </message>
    <message>
        <source>Pre-label {n} images</source>
        <translation>이미지 {n}개 사전 라벨링</translation>
    </message>
    <message>
        <source>Pre-label image</source>
        <translation>이미지 사전 라벨링</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>체크포인트</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>체크포인트</translation>
    </message>
    <message>
        <source>run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>level</source>
        <translation>레벨</translation>
    </message>
    <message>
        <source>fusion</source>
        <translation>융합</translation>
    </message>
    <message>
        <source>status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>best AP</source>
        <translation>최고 AP</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>완료됨</translation>
    </message>
    <message>
        <source>running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>비어 있음</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Resume selected</source>
        <translation>선택한 실행 재개</translation>
    </message>
    <message>
        <source>Set class {n} for the selection (or the next box)</source>
        <translation>선택 항목(또는 다음 박스)에 {n}번 클래스 지정</translation>
    </message>
    <message>
        <source>Open a folder, project or COCO file</source>
        <translation>폴더, 프로젝트 또는 COCO 파일 열기</translation>
    </message>
    <message>
        <source>Save now (autosave runs after every edit anyway)</source>
        <translation>지금 저장(자동 저장은 편집할 때마다 어차피 실행됨)</translation>
    </message>
    <message>
        <source>Toggle draw mode</source>
        <translation>그리기 모드 전환</translation>
    </message>
    <message>
        <source>Delete the selected boxes</source>
        <translation>선택한 박스 삭제</translation>
    </message>
    <message>
        <source>Copy the selected boxes</source>
        <translation>선택한 박스 복사</translation>
    </message>
    <message>
        <source>Copy all boxes from the previous image</source>
        <translation>이전 이미지의 박스 모두 복사</translation>
    </message>
    <message>
        <source>Next image</source>
        <translation>다음 이미지</translation>
    </message>
    <message>
        <source>Previous image</source>
        <translation>이전 이미지</translation>
    </message>
    <message>
        <source>Fit the image in the window</source>
        <translation>이미지를 창에 맞춤</translation>
    </message>
    <message>
        <source>Actual size (1:1)</source>
        <translation>실제 크기 (1:1)</translation>
    </message>
    <message>
        <source>Select all boxes</source>
        <translation>모든 박스 선택</translation>
    </message>
    <message>
        <source>Show this list</source>
        <translation>이 목록 표시</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>Drag on empty space (or in draw mode, W)</source>
        <translation>빈 곳에서 드래그(또는 그리기 모드(W)에서 드래그)</translation>
    </message>
    <message>
        <source>Draw a box</source>
        <translation>박스 그리기</translation>
    </message>
    <message>
        <source>Drag a box / its handles and edges</source>
        <translation>박스 / 박스의 핸들과 가장자리 드래그</translation>
    </message>
    <message>
        <source>Move / resize</source>
        <translation>이동 / 크기 조정</translation>
    </message>
    <message>
        <source>Ctrl+click</source>
        <translation>Ctrl+클릭</translation>
    </message>
    <message>
        <source>Add a box to / remove it from the selection</source>
        <translation>선택에 박스 추가 / 선택에서 제거</translation>
    </message>
    <message>
        <source>Arrow keys (box selected)</source>
        <translation>화살표 키(박스 선택 시)</translation>
    </message>
    <message>
        <source>Nudge 1 px; with Shift 10 px</source>
        <translation>1 px 미세 이동, Shift와 함께 10 px</translation>
    </message>
    <message>
        <source>Right / Left (nothing selected)</source>
        <translation>Right / Left (선택 없음)</translation>
    </message>
    <message>
        <source>Next / previous image</source>
        <translation>다음 / 이전 이미지</translation>
    </message>
    <message>
        <source>Ctrl+wheel</source>
        <translation>Ctrl+휠</translation>
    </message>
    <message>
        <source>Zoom around the cursor</source>
        <translation>커서 위치를 중심으로 확대/축소</translation>
    </message>
    <message>
        <source>Middle drag, or Space+drag</source>
        <translation>가운데 버튼 드래그 또는 Space+드래그</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>화면 이동</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Cancel drawing, leave draw mode, clear the selection</source>
        <translation>그리기 취소, 그리기 모드 종료, 선택 해제</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>동작</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Click a key field and press the new keys.</source>
        <translation>키 칸을 클릭하고 새 키를 누르세요.</translation>
    </message>
    <message>
        <source>The official D6-D7x configs use plain sums &quot;for training stability&quot;, and so does EfficientDet-Lite; weighted fusion is allowed but may train less stably.</source>
        <translation>공식 D6-D7x 설정은 &quot;학습 안정성을 위해&quot; 단순 합을 사용하며, EfficientDet-Lite도 마찬가지입니다. 가중 융합도 쓸 수 있지만 학습이 덜 안정적일 수 있습니다.</translation>
    </message>
    <message>
        <source>nothing (random)</source>
        <translation>없음(무작위)</translation>
    </message>
    <message>
        <source>ImageNet backbone</source>
        <translation>ImageNet 백본</translation>
    </message>
    <message>
        <source>fast</source>
        <translation>빠른 정규화</translation>
    </message>
    <message>
        <source>softmax</source>
        <translation>softmax</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>Left-right</source>
        <translation>좌우</translation>
    </message>
    <message>
        <source>Every direction (aerial, microscopy)</source>
        <translation>모든 방향(항공 사진, 현미경)</translation>
    </message>
    <message>
        <source>SGD, momentum 0.9</source>
        <translation>SGD, 모멘텀 0.9</translation>
    </message>
    <message>
        <source>Weight decay follows: {list}</source>
        <translation>가중치 감쇠: {list}</translation>
    </message>
    <message>
        <source>{wd} for {name}</source>
        <translation>{name} {wd}</translation>
    </message>
    <message>
        <source>Flips and turns of the training images. Every direction suits pictures without an up: aerial and satellite photos, microscopy, scans.</source>
        <translation>학습 이미지의 뒤집기와 회전입니다. &apos;모든 방향&apos;은 위아래가 없는 사진에 알맞습니다: 항공·위성 사진, 현미경 사진, 스캔.</translation>
    </message>
    <message>
        <source>checkpoint file or run folder</source>
        <translation>체크포인트 파일 또는 실행 폴더</translation>
    </message>
    <message>
        <source>frozen for</source>
        <translation>처음</translation>
    </message>
    <message>
        <source>then at</source>
        <translation>고정, 이후 학습률의</translation>
    </message>
    <message>
        <source>the learning rate</source>
        <translation>배로 학습</translation>
    </message>
    <message>
        <source>A pretrained backbone trains frozen for the first epochs, then slower than the rest of the detector, so it keeps what it learned on ImageNet.</source>
        <translation>사전 학습된 백본은 처음 몇 에포크 동안 고정된 채 학습하고, 그 뒤에는 검출기의 나머지 부분보다 느리게 학습하여 ImageNet에서 배운 것을 유지합니다.</translation>
    </message>
    <message>
        <source>Image loading processes beside the trainer (0: load in the training process itself; slower, but nothing extra to start)</source>
        <translation>학습 프로세스와 별도로 이미지를 불러오는 프로세스 수(0: 학습 프로세스에서 직접 불러옴. 더 느리지만 따로 시작할 프로세스가 없음)</translation>
    </message>
    <message>
        <source>of {count} ({device})</source>
        <translation>/ {count} ({device})</translation>
    </message>
    <message>
        <source>none (CPU)</source>
        <translation>없음(CPU)</translation>
    </message>
    <message>
        <source>Several GPUs: one training process per GPU (torchrun); the batch size is per GPU.</source>
        <translation>여러 GPU: GPU마다 학습 프로세스를 하나씩 실행합니다(torchrun). 배치 크기는 GPU당 값입니다.</translation>
    </message>
    <message>
        <source>Only one GPU found.</source>
        <translation>GPU가 하나만 있습니다.</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Input size</source>
        <translation>입력 크기</translation>
    </message>
    <message>
        <source>Large images</source>
        <translation>큰 이미지</translation>
    </message>
    <message>
        <source>Flips</source>
        <translation>뒤집기</translation>
    </message>
    <message>
        <source>Fusion</source>
        <translation>융합</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>시작점</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>장치</translation>
    </message>
    <message>
        <source>Loading processes</source>
        <translation>로딩 프로세스</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPU 수</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>기본값</translation>
    </message>
    <message>
        <source>Set every training setting back to the defaults for this level and dataset</source>
        <translation>모든 학습 설정을 이 레벨과 데이터셋의 기본값으로 되돌립니다</translation>
    </message>
    <message>
        <source>Pre-flight check: no problems found.</source>
        <translation>사전 점검: 문제가 없습니다.</translation>
    </message>
    <message>
        <source>Pre-flight check: no dataset yet.</source>
        <translation>사전 점검: 아직 데이터셋이 없습니다.</translation>
    </message>
    <message>
        <source>The pretrained weights of {name} ({backbone}) are not on this machine: training starts from random weights. Choose a pretrained start to download or import them.</source>
        <translation>{name}({backbone})의 사전 학습 가중치가 이 컴퓨터에 없어 무작위 가중치로 학습을 시작합니다. 가중치를 다운로드하거나 가져오려면 사전 학습된 시작점을 선택하세요.</translation>
    </message>
    <message>
        <source>Stopped before the first epoch ended</source>
        <translation>첫 에포크가 끝나기 전에 중지됨</translation>
    </message>
    <message>
        <source>Finished (no epoch)</source>
        <translation>완료됨(에포크 없음)</translation>
    </message>
    <message>
        <source>Stopped after 1 epoch</source>
        <translation>에포크 1회 후 중지됨</translation>
    </message>
    <message>
        <source>Stopped after {n} epochs</source>
        <translation>에포크 {n}회 후 중지됨</translation>
    </message>
    <message>
        <source>Finished after 1 epoch</source>
        <translation>에포크 1회 후 완료됨</translation>
    </message>
    <message>
        <source>Finished after {n} epochs</source>
        <translation>에포크 {n}회 후 완료됨</translation>
    </message>
    <message>
        <source>[not an event] {line}</source>
        <translation>[이벤트 아님] {line}</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>재개</translation>
    </message>
    <message>
        <source>Evaluate now</source>
        <translation>지금 평가</translation>
    </message>
    <message>
        <source>Evaluate on the validation images now, between steps</source>
        <translation>지금 검증 세트 이미지로 평가합니다(스텝 사이에 실행)</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>Device: not started</source>
        <translation>장치: 시작되지 않음</translation>
    </message>
    <message>
        <source>Open a project first: there is nothing to train on.</source>
        <translation>먼저 프로젝트를 여세요. 학습할 데이터가 없습니다.</translation>
    </message>
    <message>
        <source>Start blocked by the pre-flight check: fix the errors listed above.</source>
        <translation>사전 점검 때문에 시작할 수 없습니다. 위에 나열된 오류를 해결하세요.</translation>
    </message>
    <message>
        <source>Starting the worker…</source>
        <translation>워커 시작 중…</translation>
    </message>
    <message>
        <source>Stopping: saving a checkpoint…</source>
        <translation>중지 중: 체크포인트 저장 중…</translation>
    </message>
    <message>
        <source>evaluation requested</source>
        <translation>평가 요청됨</translation>
    </message>
    <message>
        <source>Nothing to resume: no run folder with a config.json.</source>
        <translation>재개할 실행이 없습니다. config.json이 있는 실행 폴더가 없습니다.</translation>
    </message>
    <message>
        <source>Nothing to resume: {run} holds no last.pt (no checkpoint was written).</source>
        <translation>재개할 수 없습니다. {run}에 last.pt가 없습니다(체크포인트가 저장되지 않음).</translation>
    </message>
    <message>
        <source>Device: {device} (asked: {requested})</source>
        <translation>장치: {device} (요청: {requested})</translation>
    </message>
    <message>
        <source>fell back from {gpu}: the worker&apos;s torch cannot use it</source>
        <translation>{gpu} 대신 대체 장치 사용: 워커의 torch가 이 GPU를 사용할 수 없음</translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs} · step {step}/{steps} · {rate} img/s · ETA {eta}</source>
        <translation>에포크 {epoch}/{epochs} · 스텝 {step}/{steps} · {rate} img/s · 남은 시간 {eta}</translation>
    </message>
    <message>
        <source>Started {run} on {device}: {train} train / {val} val images</source>
        <translation>{device}에서 {run} 시작: 학습 이미지 {train}개 / 검증 이미지 {val}개</translation>
    </message>
    <message>
        <source>epoch {epoch}: loss {loss} ({seconds} s)</source>
        <translation>에포크 {epoch}: 손실 {loss} ({seconds} s)</translation>
    </message>
    <message>
        <source>eval epoch {epoch}:</source>
        <translation>에포크 {epoch} 평가:</translation>
    </message>
    <message>
        <source>saved {path} (best)</source>
        <translation>{path} 저장됨(최고)</translation>
    </message>
    <message>
        <source>saved {path}</source>
        <translation>{path} 저장됨</translation>
    </message>
    <message>
        <source>warning [{kind}] {message} (x{count})</source>
        <translation>경고 [{kind}] {message} (x{count})</translation>
    </message>
    <message>
        <source>Training failed: {message}</source>
        <translation>학습 실패: {message}</translation>
    </message>
    <message>
        <source>Hint: {hint}</source>
        <translation>힌트: {hint}</translation>
    </message>
    <message>
        <source>Last log lines:</source>
        <translation>마지막 로그:</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>the worker ended unexpectedly (exit code {code})</source>
        <translation>워커가 예기치 않게 종료되었습니다(종료 코드 {code})</translation>
    </message>
    <message>
        <source>See the log lines below; the last checkpoint can be resumed.</source>
        <translation>아래 로그를 확인하세요. 마지막 체크포인트에서 재개할 수 있습니다.</translation>
    </message>
    <message>
        <source>See the log lines below; no checkpoint was written, so there is nothing to resume.</source>
        <translation>아래 로그를 확인하세요. 체크포인트가 저장되지 않아 재개할 수 없습니다.</translation>
    </message>
    <message>
        <source>Stopped before the first checkpoint: nothing to resume</source>
        <translation>첫 체크포인트 전에 중지됨: 재개할 수 없음</translation>
    </message>
    <message>
        <source>stopped before the first checkpoint: nothing to resume</source>
        <translation>첫 체크포인트 전에 중지됨: 재개할 수 없음</translation>
    </message>
    <message>
        <source>Label images with boxes, train an EfficientDet, and look inside it.</source>
        <translation>이미지에 박스로 라벨을 달고, EfficientDet을 학습시키고, 모델 내부를 살펴보세요.</translation>
    </message>
    <message>
        <source>Open folder or project...</source>
        <translation>폴더 또는 프로젝트 열기...</translation>
    </message>
    <message>
        <source>Open demo project</source>
        <translation>데모 프로젝트 열기</translation>
    </message>
    <message>
        <source>Recent projects:</source>
        <translation>최근 프로젝트:</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Writing the demo project to {path} ...</source>
        <translation>{path}에 데모 프로젝트를 쓰는 중 ...</translation>
    </message>
    <message>
        <source>Could not write the demo project (exit {code}): {output}</source>
        <translation>데모 프로젝트를 쓸 수 없습니다(종료 코드 {code}): {output}</translation>
    </message>
    <message>
        <source>whole images</source>
        <translation>이미지 전체</translation>
    </message>
    <message>
        <source>tiles of {px} px</source>
        <translation>{px} px 타일</translation>
    </message>
    <message>
        <source>For large images with small objects: train on overlapping tiles of the full-resolution images, and predict tile by tile (boxes come back in full-image pixels).</source>
        <translation>작은 객체가 있는 큰 이미지용: 원본 해상도 이미지를 겹치는 타일로 나누어 학습하고 타일별로 예측합니다 (박스는 원본 이미지 픽셀 좌표로 돌려받습니다).</translation>
    </message>
    <message>
        <source>How much neighbouring tiles share, in % of a tile side.</source>
        <translation>이웃한 타일이 겹치는 정도 (타일 한 변의 %).</translation>
    </message>
    <message>
        <source>overlap</source>
        <translation>겹침</translation>
    </message>
</context>
</TS>
