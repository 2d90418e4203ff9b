<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<!-- Strings Qt's own qtbase_zh_CN lacks: the non-native file dialog's form uses texts with
     shortcuts that the catalogue has only without. Build: pyside6-lrelease this file. -->
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <!-- the standard buttons of every question (未保存的修改: 保存/不保存/取消) get Alt keys,
         as 是(&Y)/否(&N) already have; qtbase_zh_CN gives them none -->
    <name>QPlatformTheme</name>
    <message>
        <source>Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>不保存(&amp;D)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭(&amp;L)</translation>
    </message>
    <message>
        <source>Don&apos;t Save</source>
        <translation>不保存(&amp;D)</translation>
    </message>
</context>
</TS>
