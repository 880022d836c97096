#!/usr/bin/env bash
# Makes the demonstration media the seed content refers to:
#   <content>/media/posters/<id>.jpg   1280x720 poster for each sample video item (title + "示例")
#   <content>/media/videos/<id>.mp4    960x540 H.264 + silent AAC title card, durationSeconds long, faststart
#   <content>/media/share/default.png  500x400 (5:4) default share image with the app name
# for every seeds/videos/<id>.md whose front matter says `sample: true`.
#
# Idempotent: a file is (re)made only when it is missing or older than the item it belongs to
# (or than this script); `--force` remakes everything. Outputs carry no encoder timestamps.
#
#   scripts/make-sample-media.sh [--force]
# Needs ffmpeg with libx264, drawtext (libfreetype + fontconfig) and the Noto Sans CJK SC font
# (Debian: apt-get install -y ffmpeg fonts-noto-cjk).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
content="${CONTENT_DIR:-$root/seeds}"
case "$content" in /*) ;; *) content="$root/$content" ;; esac
media="$content/media"
force=0
[[ "${1:-}" == "--force" ]] && force=1

command -v ffmpeg >/dev/null || { echo "make-sample-media: ffmpeg not found (apt-get install -y ffmpeg)" >&2; exit 1; }
font="Noto Sans CJK SC"
fc-list : family 2>/dev/null | grep -F "$font" >/dev/null || { echo "make-sample-media: font '$font' not found (apt-get install -y fonts-noto-cjk)" >&2; exit 1; }

# Calm bureau blue background, white text, amber "示例" badge with dark text (contrast above 4.5:1).
BG=0x1B4F8A
BADGE=0xF2B233
DARK=0x1A1A1A
LIGHT=0xDCE6F2

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$media/posters" "$media/videos" "$media/share"

# Value of a top-level scalar key in a Markdown file's front matter, quotes stripped.
front() {
  awk -v key="$2" '
    NR == 1 && $0 == "---" { inside = 1; next }
    inside && $0 == "---" { exit }
    inside && index($0, key ": ") == 1 {
      v = substr($0, length(key) + 3)
      gsub(/^"|"$/, "", v)
      print v
      exit
    }' "$1"
}

# True when $1 must be (re)made from the files that follow.
stale() {
  local out="$1"; shift
  [[ $force == 1 || ! -s "$out" ]] && return 0
  local f
  for f in "$@" "${BASH_SOURCE[0]}"; do [[ "$f" -nt "$out" ]] && return 0; done
  return 1
}

# Writes text to a file for drawtext's textfile= (no escaping of Chinese punctuation needed).
textfile() { printf '%s' "$2" > "$tmp/$1.txt"; printf '%s' "$tmp/$1.txt"; }

dt() { # drawtext filter: dt <textfile> <size> <colour> <x> <y>
  printf "drawtext=font='%s':textfile='%s':fontsize=%s:fontcolor=%s:x=%s:y=%s" "$font" "$1" "$2" "$3" "$4" "$5"
}

award_label() {
  case "$1" in
    first) echo 一等奖 ;; second) echo 二等奖 ;; third) echo 三等奖 ;; excellence) echo 优秀奖 ;; *) echo "$1" ;;
  esac
}

common_out=(-map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact)
made=0
skipped=0

shopt -s nullglob
for item in "$content"/videos/*.md; do
  [[ "$(front "$item" sample)" == "true" ]] || continue
  id="$(front "$item" id)"
  title="$(front "$item" title)"
  award="$(award_label "$(front "$item" award)")"
  seconds="$(front "$item" durationSeconds)"
  [[ -n "$id" && -n "$title" && "$seconds" =~ ^[0-9]+$ ]] || { echo "make-sample-media: $item: id, title or durationSeconds missing" >&2; exit 1; }
  if (( seconds < 8 || seconds > 15 )); then
    echo "make-sample-media: $item: durationSeconds $seconds is outside 8-15" >&2; exit 1
  fi

  t_title="$(textfile "$id-title" "$title")"
  t_org="$(textfile "$id-org" "江苏省市场监督管理局 · 微视频")"
  t_contest="$(textfile "$id-contest" "“担当新使命·奋进新征程”微视频创作")"
  t_badge="$(textfile "$id-badge" "示例 · 非真实获奖作品")"
  t_award="$(textfile "$id-award" "奖项（示例）：$award")"

  poster="$media/posters/$id.jpg"
  if stale "$poster" "$item"; then
    ffmpeg -hide_banner -loglevel error -y \
      -f lavfi -i "color=c=$BG:s=1280x720" -frames:v 1 \
      -vf "$(dt "$t_org" 30 "$LIGHT" 64 56),\
$(dt "$t_title" 64 white '(w-text_w)/2' 250),\
$(dt "$t_contest" 34 "$LIGHT" '(w-text_w)/2' 360),\
drawbox=x=(iw-520)/2:y=450:w=520:h=84:color=$BADGE:t=fill,\
$(dt "$t_badge" 40 "$DARK" '(w-text_w)/2' 469),\
$(dt "$t_award" 30 "$LIGHT" '(w-text_w)/2' 580)" \
      -q:v 5 "${common_out[@]}" "$poster"
    made=$((made + 1))
  else
    skipped=$((skipped + 1))
  fi

  clip="$media/videos/$id.mp4"
  if stale "$clip" "$item"; then
    # A title card with a thin progress bar (a strip sliding in from the left) so it is visibly
    # playing; silent stereo AAC track.
    ffmpeg -hide_banner -loglevel error -y \
      -f lavfi -i "color=c=$BG:s=960x540:r=15:d=$seconds" \
      -f lavfi -i "anullsrc=r=44100:cl=stereo" \
      -f lavfi -i "color=c=$BADGE:s=960x8:r=15:d=$seconds" \
      -filter_complex "[0:v]$(dt "$t_org" 22 "$LIGHT" 48 40),\
$(dt "$t_title" 48 white '(w-text_w)/2' 180),\
$(dt "$t_contest" 26 "$LIGHT" '(w-text_w)/2' 262),\
drawbox=x=(iw-400)/2:y=330:w=400:h=64:color=$BADGE:t=fill,\
$(dt "$t_badge" 30 "$DARK" '(w-text_w)/2' 346),\
drawbox=x=0:y=ih-8:w=iw:h=8:color=$LIGHT@0.35:t=fill[card];\
[card][2:v]overlay=x='-w+w*t/$seconds':y=H-8:eval=frame,format=yuv420p[v]" \
      -map "[v]" -map 1:a -t "$seconds" \
      -c:v libx264 -profile:v main -preset veryslow -crf 30 -tune stillimage -g 150 -threads 1 \
      -c:a aac -b:a 32k -ar 44100 -ac 2 \
      -movflags +faststart "${common_out[@]}" "$clip"
    made=$((made + 1))
  else
    skipped=$((skipped + 1))
  fi
done

share="$media/share/default.png"
app_name="$(awk -F': ' '$1 == "appName" { print $2; exit }' "$content/site.yaml" 2>/dev/null || true)"
bureau="$(awk -F': ' '$1 == "bureauName" { print $2; exit }' "$content/site.yaml" 2>/dev/null || true)"
app_name="${app_name:-江苏市监服务}"
bureau="${bureau:-江苏省市场监督管理局}"
if stale "$share" "$content/site.yaml"; then
  t_app="$(textfile share-app "$app_name")"
  t_bureau="$(textfile share-bureau "$bureau")"
  t_line="$(textfile share-line "消费维权请拨打 12315")"
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "color=c=$BG:s=500x400" -frames:v 1 \
    -vf "drawbox=x=0:y=300:w=iw:h=100:color=$BADGE:t=fill,\
$(dt "$t_app" 56 white '(w-text_w)/2' 110),\
$(dt "$t_bureau" 26 "$LIGHT" '(w-text_w)/2' 200),\
$(dt "$t_line" 28 "$DARK" '(w-text_w)/2' 334),format=rgb24" \
    -pred mixed "${common_out[@]}" "$share"
  made=$((made + 1))
else
  skipped=$((skipped + 1))
fi

echo "make-sample-media: $made file(s) made, $skipped up to date, in $media"
