"""Line breaks of a CJK header cell that keep quotation marks and brackets with their
neighbours: reportlab's CJK wrapping may break anywhere, leaving a closing ” alone at the start
of a line (天门 第11栏 未按规定进行“一卡通”数量)."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

NO_LINE_START = set("”’」』）)》〉】，。、；：！？%")
NO_LINE_END = set("“‘「『（(《〈【")


def kept_lines(text: str, width: float, font: str, size: float) -> list[str]:
    """``text`` broken greedily into lines at most ``width`` points wide; a line never starts
    with a closing mark nor ends with an opening one (the character moves to the next line)."""
    lines: list[str] = []
    line = ""
    for ch in text:
        if line and stringWidth(line + ch, font, size) > width:
            carry = ""
            while len(line) > 1 and ((carry or ch)[0] in NO_LINE_START
                                     or line[-1] in NO_LINE_END):
                carry, line = line[-1] + carry, line[:-1]
            lines.append(line)
            line = carry
        line += ch
    return [*lines, line] if line else lines
