<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/plan_dialogs.py" line="+352"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What will be done, in a few words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Whole program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Who makes it happen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F&amp;unction:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Item:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Owner:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Due:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Phase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Note:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No particular item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Give the action a title.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActualsDialog</name>
    <message>
        <location line="-160"/>
        <source>Metric Values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Assessment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No goal with metrics was in force at this assessment. Set the goal and its metrics first, from a date on or before it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+28"/>
        <source>baseline %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>target %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The value of %1 is not a number.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AssessScreen</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/assess.py" line="+468"/>
        <source>Participant file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A participant file holds one person&apos;s ratings; start new assessments in the facilitator&apos;s workbook.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This workbook is open read-only; assessments cannot be added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Framework not installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This assessment uses the framework {framework} {version}, which this app does not have. Add its file to your frameworks folder.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AssessmentList</name>
    <message>
        <location line="-196"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Framework</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Participants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;New assessment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start a new assessment (Ctrl+Shift+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open the selected assessment in the wizard (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finali&amp;ze…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark the selected assessment final: history and reports use final assessments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Reopen for editing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Assessments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No assessments yet. Start one with &lt;b&gt;New assessment&lt;/b&gt;: choose who is in the room, then rate each practice together.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{framework} (not installed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Reopen assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reopen this assessment for editing? It leaves the history and reports until you finalize it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reopen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AssessmentWizard</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/wizard.py" line="+34"/>
        <source>not rated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>partly rated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Items by function</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next &amp;unfinished item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Jump to the next item not yet rated (Ctrl+U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+54"/>
        <source>← All assessments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to the list of assessments (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Overall progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hidden vote&amp;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Facilitation mode: the room sees who has voted, never how, until the votes are revealed (Ctrl+R) or everyone has voted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Finali&amp;ze…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark the assessment final: the history and reports use final assessments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Reopen for editing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>← Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous item (Alt+Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next item (Enter, Ctrl+Enter or Alt+Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+72"/>
        <source>New in {version}: {prompt}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{number}. {prompt}, {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%v of %m done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Every item is done. Finalize the assessment when the room agrees.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Cannot change how the room votes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Next →</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Review &amp;&amp; finalize…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+103"/>
        <source>Final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{title} · {date} · {state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Read-only: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This assessment is final: it counts in the history and reports. Reopen it to change a rating.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/backups_dialog.py" line="+41"/>
        <source>Backups of {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A copy of this workbook is put aside before each editing session, import, upgrade and restore. The newest {keep} are kept, plus the first of each of the last {days} days and of the last {months} months. Backups stay on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Backup folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Open Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the backup folder in the file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Backups, newest first:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No backups yet. The first one is taken the first time this workbook is changed in a session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Restore…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put the selected backup back as the workbook; the workbook as it is now becomes a backup first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Restoring a backup needs the workbook open for editing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The file manager could not be opened; the folder is {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Put back the backup taken {when}?

The workbook as it is now, with every change made so far, is backed up first, so this can be undone by restoring that backup. Undo and Redo start afresh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Put back the backup taken {when} in place of {name}?

The file as it is now is kept as a backup too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restore a backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot restore the backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details: {details}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Restored the backup taken {when}. The workbook as it was just before is now the newest backup in this list.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BrokenFilesDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/broken_files.py" line="+59"/>
        <source>Files that were skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>These framework or model files in your folders could not be loaded, so they were skipped. Everything else works as usual. Correct a file (each problem gives its line) and start the app again to use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Problems found:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Problems found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>  line {line}: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Open the Folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BrokenFilesNotice</name>
    <message numerus="yes">
        <location line="+19"/>
        <source>%n file(s) of yours could not be loaded: details…</source>
        <translation>
            <numerusform>%n file of yours could not be loaded: details…</numerusform>
            <numerusform>%n files of yours could not be loaded: details…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Framework or model files in your folders that have problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files that were skipped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/chart_widget.py" line="+25"/>
        <source>radar chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>radar overlay chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>trend chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+136"/>
        <source>Save chart…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save this chart as a PNG picture or an SVG drawing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose at least one assessment to draw the radar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The trend appears once there is a final assessment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-89"/>
        <source>Drawing the chart…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Charts are unavailable: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+173"/>
        <source>SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG picture (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{workbook} {chart} {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot save the chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Chart saved to {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictCard</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/merge_dialog.py" line="+339"/>
        <source>The later change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The earlier change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Keep this value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep this value: {value}, {origin}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>✓ In use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Changed since</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictCopiesBanner</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/conflict_copies.py" line="+84"/>
        <source>Conflict copies found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Merge into This &amp;Workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Merge the copies with the usual merge rules; the workbook is backed up first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show Where The&amp;y Are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the workbook&apos;s folder in the file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask Again Next Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide this; the copies are offered again the next time the workbook is opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n conflict cop(ies) of this workbook from {service}</source>
        <translation>
            <numerusform>%n conflict copy of this workbook from {service}</numerusform>
            <numerusform>%n conflict copies of this workbook from {service}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n conflict cop(ies) of this workbook</source>
        <translation>
            <numerusform>%n conflict copy of this workbook</numerusform>
            <numerusform>%n conflict copies of this workbook</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{service} keeps such a copy when the workbook was changed on two computers at once, or on one that was offline. Its edits are not in this workbook until they are merged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A sync service keeps such a copy when the workbook was changed on two computers at once, or on one that was offline. Its edits are not in this workbook until they are merged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This workbook is open read-only here; open it for editing to merge them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Merging keeps every edit; where the same value was changed on both, the later edit wins and the other is listed. The workbook is backed up first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot merge the copies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details: {details}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerFiles</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/customers_files.py" line="+46"/>
        <source>Import customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>Nothing was imported from {file}: %Ln problem(s), the first: {first}</source>
        <translation>
            <numerusform>Nothing was imported from {file}: %Ln problem, the first: {first}</numerusform>
            <numerusform>Nothing was imported from {file}: %Ln problems, the first: {first}</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+6"/>
        <source>Nothing was imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="-5"/>
        <source>{file} has %Ln problem(s); fix them and import it again. Nothing was changed.</source>
        <translation>
            <numerusform>{file} has %Ln problem; fix them and import it again. Nothing was changed.</numerusform>
            <numerusform>{file} has %Ln problems; fix them and import it again. Nothing was changed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Imported {file}: customers {added} added and {updated} updated, %Ln scoring(s) recorded. Undo takes the whole import back.</source>
        <translation>
            <numerusform>Imported {file}: customers {added} added and {updated} updated, %Ln scoring recorded. Undo takes the whole import back.</numerusform>
            <numerusform>Imported {file}: customers {added} added and {updated} updated, %Ln scorings recorded. Undo takes the whole import back.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Save the customer CSV template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+32"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Cannot save the template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved the template to {path}: fill in one row per customer under the header, then import it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Export segment tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot export the tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Exported the tags of %Ln customer(s) to {path}.</source>
        <translation>
            <numerusform>Exported the tags of %Ln customer to {path}.</numerusform>
            <numerusform>Exported the tags of %Ln customers to {path}.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Left out: {reasons}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%Ln without an email</source>
        <translation>
            <numerusform>%Ln without an email</numerusform>
            <numerusform>%Ln without an email</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln not placed (no complete scoring)</source>
        <translation>
            <numerusform>%Ln not placed (no complete scoring)</numerusform>
            <numerusform>%Ln not placed (no complete scoring)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln sharing an email with another</source>
        <translation>
            <numerusform>%Ln sharing an email with another</numerusform>
            <numerusform>%Ln sharing an email with another</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerTable</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/customers_table.py" line="+170"/>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CHS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CMI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quadrant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Track</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last scored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name}: a score from 1 to 5 (weight {weight})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer health score, 0 to 100</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer Maturity Index, 0 to 100, from the qualifier scores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The date of the latest scoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+94"/>
        <source>not scored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not placed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+39"/>
        <source>high-touch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tech-touch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{playbook} ({touch}): {summary}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomersScreen</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/customers_view.py" line="+55"/>
        <source>{value} is not an email address; write it as name@example.com, or leave it empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A customer needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is already a customer with the id {id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This scoring was made with another CMI model. Make a new scoring to score every qualifier of the model in use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{what} must be from {low} to {high}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+31"/>
        <source>&amp;Import CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add or update customers from a CSV file; nothing is imported from a file with a bad row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV Tem&amp;plate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the header of the CSV to fill in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export Ta&amp;gs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Segment tags for Intercom, HubSpot or a plain CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Model and Thresholds…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The CMI model this workbook uses and where the 2×2 is split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Fi&amp;lter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>id, name, email, owner, quadrant or track</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quadrant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Trac&amp;k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+198"/>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-179"/>
        <source>&amp;New Scoring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Score the selected customer again; the earlier scorings are kept as its history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Add Customer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected customers and their scorings (Delete); Undo brings them back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type or double-click to edit a cell; CHS and scores correct the latest scoring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+50"/>
        <source>This workbook uses the CMI model {id}, which is not on this computer. Put its file in {folder}, or choose another model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>All quadrants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+65"/>
        <source>%Ln customer(s)</source>
        <translation>
            <numerusform>%Ln customer</numerusform>
            <numerusform>%Ln customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>{shown} of %Ln customer(s)</source>
        <translation>
            <numerusform>{shown} of %Ln customer</numerusform>
            <numerusform>{shown} of %Ln customers</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{model}: CMI threshold {cmi}, health {health}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Customer Maturity Index (CMI)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer health score (CHS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Content track</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customers per quadrant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customers per track</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Import a customer CSV or add a customer to see the matrix.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No scored customer matches the filter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The trends need scorings on at least two dates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Not changed: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+42"/>
        <source>New Scoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Add Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>Remove %Ln customer(s) and their scorings? Undo brings them back.</source>
        <translation>
            <numerusform>Remove %Ln customer and its scorings? Undo brings it back.</numerusform>
            <numerusform>Remove %Ln customers and their scorings? Undo brings them back.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remove Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/plan_dialogs.py" line="-275"/>
        <source>Set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: set a date</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/dialogs.py" line="+36"/>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{app} hit an unexpected error. Your saved work is safe: every change is written to the workbook file as you make it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{error}

The details are in the log file:
{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Cannot open this workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;{name}&lt;/b&gt; could not be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{problem}

The file has not been changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A backup from {when} exists and can be restored (the damaged file is kept as a backup too).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Restore the latest backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a &amp;backup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;another file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Finalize this assessment? It then counts in the history and reports; you can reopen it later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Finalize assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;b&gt;{title}&lt;/b&gt; {version}: follows {source}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Assess a customer-education program&apos;s maturity function by function, keep every assessment as dated history, see where you stand and the one next step, and print a snapshot for the people who were not in the room.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The bundled models follow published work; their questions, descriptions and advice are written for this app:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Built with Qt for Python (PySide6), matplotlib and TinyDB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>About {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+94"/>
        <source>How scoring works</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-93"/>
        <source>Each item describes one practice at every stage of the model. The room picks the description that matches what happens today, not what is planned. If an item does not apply to your program, choose &lt;i&gt;Not applicable&lt;/i&gt;: it is left out of the score. If nobody in the room knows, choose &lt;i&gt;Don&apos;t know&lt;/i&gt;: the item stays a gap in coverage and is listed as something to find out before the next workshop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>A function is at the &lt;b&gt;highest stage that most of its rated items have reached&lt;/b&gt; (more than half: the middle item, the lower one of the two middle items when the count is even). Five items at Scaling and two at Performing: Scaling. One strong item never carries a function, and a function split evenly between two stages has not reached the higher one yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Beside the stage the Overview shows what it rests on, e.g. &lt;i&gt;Scaling: 5 of 7 items at Scaling or above, 2 at Performing&lt;/i&gt;, and the function&apos;s &lt;b&gt;score&lt;/b&gt;, the mean of the agreed ratings of its rated items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>When fewer than half of a function&apos;s items carry a rating, the function shows &lt;b&gt;not enough data&lt;/b&gt; instead of a stage that would pretend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The &lt;b&gt;overall&lt;/b&gt; stage follows the same rule over the function stages, and the overall score is the mean of the function scores; both need every function to have a stage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The &lt;b&gt;bottleneck&lt;/b&gt; is the function at the lowest stage (on a tie, the lower score, then the one listed first). While a function has too little data the bottleneck is &lt;b&gt;not known yet&lt;/b&gt;: the app names the function to rate first, never the weakest of the others.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+28"/>
        <source>A reassessment shows last time&apos;s agreed rating and note beside each item; an item counts as done once the room confirms that rating or gives a new one. A reassessment on a newer version of the questions shows last time&apos;s answer to confirm for the questions it kept, only as a hint for questions now asked differently, and marks the new questions. View › Presenter Window (F5) shows the room the current item in large type on a second screen, and only what has been revealed; Ctrl+= and Ctrl+- zoom a window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-53"/>
        <source>Several people in the room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everyone rates each item. Until the room settles on an agreed rating, the agreed rating is the median of the participants&apos; ratings (with an even split, the lower of the two middle ratings: a room that is split has not yet reached the higher stage). Set the agreed rating yourself once the room has talked it through, and write down why in the note.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>From ratings to stages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The &lt;b&gt;next steps&lt;/b&gt; are the advice for moving the lowest-rated items of the bottleneck up one stage, at most three. Items already above their function&apos;s stage wait: the model asks you not to leap stages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A function is &lt;b&gt;stuck&lt;/b&gt; when its score moved less than a quarter of a stage across the last two reassessments; the app then suggests prompts from the disciplines that help it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An assessment is always scored with the version of the questions it was made with. Assessments made with versions 1.0 and 2.0 of the primary model are compared function by function, with a note where the two versions ask different items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A facilitated workshop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With &lt;i&gt;hidden votes&lt;/i&gt;, the room sees who has voted on an item, never how, until the facilitator reveals the votes (Ctrl+R) or the last person votes. Then the distribution and the spread show. When the votes lie two stages apart or more, the room is split: hear the highest and the lowest first, then take another round (Ctrl+Shift+R; the first round is kept) or agree a rating. An agreed rating away from the median asks why and who set it. The split items, widest first, are the room&apos;s agenda (Ctrl+J); Ctrl+T starts or pauses the item&apos;s timer. Before finalizing, split items the room never settled are settled or given their median.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Keyboard in the assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number keys pick a stage for the highlighted row (1-4 in the four-stage model, 0-5 in the six-stage one). N picks not applicable (so does 0 where 0 is no stage), ? picks don&apos;t know, Backspace clears. The highlight then moves to the next row. Typing anything else on a row starts the note instead; it never changes a rating. Enter, Ctrl+Enter or Alt+Right goes to the next item, Alt+Left back, Ctrl+U to the next unfinished item, Alt+N to the note, Alt+D to the evidence, Escape back to the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Scoring help</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DistributionBars</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/room_panel.py" line="+130"/>
        <source>Distribution of the votes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportOptionsDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/report_actions.py" line="+54"/>
        <source>Export PDF snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The snapshot always has the summary, the radar, what to do and the progress over time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Include the item &amp;detail (every item&apos;s ratings, notes and evidence)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show participants as P1, P2… instead of their &amp;names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A4 (210 × 297 mm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Letter (8.5 × 11 in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paper size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Paper size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Function</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Roadmap phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Group the action plan by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>You or your organisation (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Printed on page 1 as “prepared by” and as the PDF&apos;s author. It is kept in the workbook; change it later under File › Workbook Properties.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prepared &amp;by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ch&amp;oose file…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportTagsDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/customers_dialogs.py" line="+237"/>
        <source>Export Segment Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Each customer&apos;s tags come from its quadrant and its track. Choose the tool that will import them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Intercom user import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>user_id, email and the tags as true/false attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hub&amp;Spot contact import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>keyed by email, the tags in one property separated by ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Plain CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>id, email, quadrant, track and tags, for anything else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>One file per &amp;tag (Intercom: tag each imported list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose a &amp;Location…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FigurePanel</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/customers_charts.py" line="+138"/>
        <source>SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG picture (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot save the chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Chart saved to {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FinalizeCheckDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/room_dialogs.py" line="+77"/>
        <location line="+15"/>
        <source>Split items not settled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Spread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Settle it now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to this item and let the room agree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accept the &amp;median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accept &amp;all medians</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Go on to finalize</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n split item(s) never had their agreed rating set by the room. Settle each one now, or accept the median of its votes.</source>
        <translation>
            <numerusform>%n split item never had its agreed rating set by the room. Settle it now, or accept the median of its votes.</numerusform>
            <numerusform>%n split items never had their agreed rating set by the room. Settle each one now, or accept the median of its votes.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{function} {number}: {prompt}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n stage(s)</source>
        <translation>
            <numerusform>%n stage</numerusform>
            <numerusform>%n stages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FunctionCard</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/function_card.py" line="+183"/>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Target:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+21"/>
        <source>Score {score} of {top} · {rated} of %n item(s) rated</source>
        <translation>
            <numerusform>Score {score} of {top} · {rated} of %n item rated</numerusform>
            <numerusform>Score {score} of {top} · {rated} of %n items rated</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not enough data</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Only {rated} of %n item(s) rated: too few for a stage</source>
        <translation>
            <numerusform>Only {rated} of %n item rated: too few for a stage</numerusform>
            <numerusform>Only {rated} of %n items rated: too few for a stage</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No earlier assessment to compare with</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>Stuck: {change} over the last %n reassessment(s)</source>
        <translation>
            <numerusform>Stuck: {change} over the last reassessment</numerusform>
            <numerusform>Stuck: {change} over the last %n reassessments</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{date}: {before} → {after}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Target changed after finalizing: {change}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Weakest job: it sets the program&apos;s stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Holds the program back: the next step is here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bottleneck: start here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rate this function first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Version {version} asked other items here ({what}): compare with care</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>no target</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GoalDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/plan_dialogs.py" line="+80"/>
        <source>The Goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start from what the company cares about most right now, then say what education will achieve for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>In our own words…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The company&apos;s priority, as the team says it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For example: new admins finish the onboarding path within 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In force since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Company &amp;priority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Our &amp;words:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Education &amp;goal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In force &amp;since:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Metrics to carry over (their values stay in the trend)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Say the company&apos;s priority in your own words, or pick one of the list.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GoalMetricsTab</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/history_plan.py" line="+40"/>
        <source>Goal at this assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No goal yet: set it on the Plan screen, with 1 to 5 metrics, to see them here over time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No goal was recorded as in force at %1. A goal set on the Plan screen from a date on or before it shows here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The goal at %1, in force since %2:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The goal, in force since %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Company priority: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Education goal: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>It changed on %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This version of the goal has no metrics.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpPageDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/help_pages.py" line="+64"/>
        <source>Help page missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The help page {path} could not be read: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Which Model Fits Us</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/history_view.py" line="+63"/>
        <source>not rated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not applicable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>don&apos;t know</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>(up %n stage(s))</source>
        <translation>
            <numerusform>(up %n stage)</numerusform>
            <numerusform>(up %n stages)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>(down %n stage(s))</source>
        <translation>
            <numerusform>(down %n stage)</numerusform>
            <numerusform>(down %n stages)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>newly scored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no longer scored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not scored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+321"/>
        <source>{before} was made with version {old} of the questions, {after} with version {new}. Each is scored with its own version; functions are compared by stage and score, and the items asked both times one to one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the items differ ({what})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Function</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(items differ)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Most improved:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most declined:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>{name} rose {change}, but over the last %n reassessment(s) it moved less than {threshold} of a stage: it is stuck, not improving.</source>
        <translation>
            <numerusform>{name} rose {change}, but over the last reassessment it moved less than {threshold} of a stage: it is stuck, not improving.</numerusform>
            <numerusform>{name} rose {change}, but over the last %n reassessments it moved less than {threshold} of a stage: it is stuck, not improving.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No function&apos;s score rose or fell.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Items that moved a level (%n)</source>
        <translation>
            <numerusform>Items that moved a level (%n)</numerusform>
            <numerusform>Items that moved a level (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No item moved a level.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Answers that changed what is known (%n)</source>
        <translation>
            <numerusform>Answers that changed what is known (%n)</numerusform>
            <numerusform>Answers that changed what is known (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Before:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>After:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryScreen</name>
    <message>
        <location line="-376"/>
        <source>Assessment history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Radar overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Goal Metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Compare from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compare to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+41"/>
        <source>These assessments use the framework {framework} {version}, which is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The history lists final assessments. Finalize an assessment on the Assess screen and it appears here, with its radar and trend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n final assessment(s) with {framework}. Tick assessments to overlay them on the radar.</source>
        <translation>
            <numerusform>%n final assessment with {framework}. Tick assessments to overlay them on the radar.</numerusform>
            <numerusform>%n final assessments with {framework}. Tick assessments to overlay them on the radar.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>They were made with versions {versions} of its questions; each is scored with its own version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>(%n made with other models or versions are not shown: choose a model above.)</source>
        <translation>
            <numerusform>(%n made with another model or version is not shown: choose a model above.)</numerusform>
            <numerusform>(%n made with other models or versions are not shown: choose a model above.)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cohort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{heading} — {assessment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+7"/>
        <source>not known yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-5"/>
        <source>{stage}: top stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{stage}; {job} holds it back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{stage}: {share} of programs, ahead of {ahead}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{stage}: {share} of programs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Participants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Overall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Placement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>not enough data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Overlay {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{title} (version {version})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Two final assessments are needed for a comparison.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose two different assessments.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportReport</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/import_report.py" line="+28"/>
        <source>Assessments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answers to items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Participants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workbook settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the agreed rating of {item}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the note on {item}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the evidence for {item}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the reason for the agreed rating of {item}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the title of {assessment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the date of {assessment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>whether {assessment} is final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>who took part in {assessment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the notes of {assessment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Other records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{level} · {stage}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>not applicable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-6"/>
        <source>don&apos;t know</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{text}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>“{title}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“{prompt}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>item {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{assessment} was deleted on one computer and changed on the other; it was kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{person}&apos;s rating of {item}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+25"/>
        <source>someone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-19"/>
        <source>a detail of {item}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{what} in {assessment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the target for {function} in {assessment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>a detail of {assessment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the role of {person}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the name of {person}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a workbook setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{what}: changed on both computers; kept {kept} (the later edit), set aside {other}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <location line="+16"/>
        <source>What the merge brought in</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Merged %n file(s) into {workbook}:</source>
        <translation>
            <numerusform>Merged %n file into {workbook}:</numerusform>
            <numerusform>Merged %n files into {workbook}:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>These %n file(s) held nothing this workbook does not have already; nothing was changed:</source>
        <translation>
            <numerusform>This file held nothing this workbook does not have already; nothing was changed:</numerusform>
            <numerusform>These %n files held nothing this workbook does not have already; nothing was changed:</numerusform>
        </translation>
    </message>
    <message>
        <location line="+15"/>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Records merged</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n value(s) had been changed on both computers. The later edit was kept; the other stays in the workbook&apos;s list of conflicts:</source>
        <translation>
            <numerusform>%n value had been changed on both computers. The later edit was kept; the other stays in the workbook&apos;s list of conflicts:</numerusform>
            <numerusform>%n values had been changed on both computers. The later edits were kept; the others stay in the workbook&apos;s list of conflicts:</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The workbook as it was before the merge is a backup: File › Backups… puts it back if needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>The %n merged copy(ies) are still beside the workbook. Once the merge looks right, move them to the trash.</source>
        <translation>
            <numerusform>The merged copy is still beside the workbook. Once the merge looks right, move it to the trash.</numerusform>
            <numerusform>The %n merged copies are still beside the workbook. Once the merge looks right, move them to the trash.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Move the %n Cop(ies) to the &amp;Trash</source>
        <translation>
            <numerusform>Move the Copy to the &amp;Trash</numerusform>
            <numerusform>Move the %n Copies to the &amp;Trash</numerusform>
        </translation>
    </message>
    <message>
        <location line="+20"/>
        <source>These copies could not be moved to the trash; delete them by hand: {files}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The copies are in the trash.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ItemPage</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/item_page.py" line="+182"/>
        <source>Agreed by the room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use &amp;median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back to the median of the participants&apos; ratings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Note (why this rating; what the room agreed):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evi&amp;dence (one per line: a fact, a document, a link):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Unknown participant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+47"/>
        <source>{function} · item {number} of {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>✓ voted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not voted yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>median of the ratings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the facilitator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>set by {who}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>set by the room</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LastTimeBox</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/room_panel.py" line="+154"/>
        <location line="+23"/>
        <source>&amp;Confirm last time&apos;s rating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-22"/>
        <source>The room keeps last time&apos;s rating for this item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{title}, {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>New in version {version}: not asked last time ({when}), so there is nothing to carry over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New since last time ({when}): nothing to carry over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{prompt}: {answer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Last time ({when}) this was asked differently, in version {version}: {answers}. Only a hint: rate this item afresh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last time ({when}), asked as {prompt}: {answer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last time ({when}): {answer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Confirmed ✓</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Lists</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/i18n.py" line="+106"/>
        <source>, </source>
        <comment>list separator</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{head} and {last}</source>
        <comment>the last two of a list</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/main_window.py" line="+33"/>
        <source>Maturity workbooks ({pattern});;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+103"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New Workbook…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Create a workbook file for a program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a workbook file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the &amp;Sample Workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a copy of a fictional program&apos;s workbook to explore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New &amp;Assessment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start an assessment in this workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save a Cop&amp;y As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write a copy of this workbook to another file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Par&amp;ticipant Files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write one file per participant, to rate on their own laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import / Merge…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge participant files, copies or interchange files into this workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Backups…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where this workbook&apos;s backups are; put one back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export PDF Snapshot…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write the selected assessment as a PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print Pre&amp;view…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wor&amp;kbook Properties…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The workbook&apos;s name, who prepares its snapshots, a confidentiality line and how often to reassess</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Close Workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+83"/>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-82"/>
        <location line="+84"/>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-82"/>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Assess</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Presenter &amp;Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show or hide the window for the projector: the current item in large type, who has voted, and the votes once revealed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Presenter Fu&amp;ll Screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Zoom O&amp;ut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Normal Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How &amp;Scoring Works</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Which &amp;Model Fits Us</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What each bundled model is for, and when to use it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Clear the &amp;List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No recent workbooks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>&amp;Undo {edit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Redo {edit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>New workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>File exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} already exists. Choose another name, or open it with File › Open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot create the workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cannot copy the sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sample could not be copied into your data folder: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Workbook not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} does not exist any more. It may have been moved or renamed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cannot open the workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Opened read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Cannot restore the backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+65"/>
        <source>{workbook} — {file} [read-only]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{workbook} — {file}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{workbook} — {file} [participant file]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Changes not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last changes could not be saved: {problem}

Use File › Save a Copy As to keep them elsewhere, or close anyway and lose them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close and lose changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>saving is taking longer than ten seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{name} copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save a copy as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Same file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Choose a different file for the copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot save the copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy saved to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Merged: Edit › Undo Import takes it back</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatrixPage</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/customers_charts.py" line="+60"/>
        <source>Arro&amp;ws since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show movement since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw an arrow from where each customer stood on this date to where it stands now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Only changes of quadrant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave out the arrows of customers that moved inside their quadrant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save Matri&amp;x…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the matrix as a PNG picture or an SVG drawing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Customers under the mouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+13"/>
        <source>Point at a customer to see its name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>{first} and %n more</source>
        <translation>
            <numerusform>{first} and %n more</numerusform>
            <numerusform>{first} and %n more</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>no arrows</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatrixPanel</name>
    <message>
        <location line="-96"/>
        <source>Customer matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{name} — CMI {cmi}, health {health} ({quadrant})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MergeReportDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/merge_dialog.py" line="-382"/>
        <source>People</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assessments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Items (ratings, notes, evidence)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conflicts kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workbook settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who took part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Workbooks and interchange files ({both});;Maturity workbooks ({workbooks});;Interchange files ({json});;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Import / merge files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Import / merge: what changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n file(s) merged into this workbook as one step: Edit › Undo Import takes the whole merge back.</source>
        <translation>
            <numerusform>%n file merged into this workbook as one step: Edit › Undo Import takes the whole merge back.</numerusform>
            <numerusform>%n files merged into this workbook as one step: Edit › Undo Import takes the whole merge back.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A backup of the workbook as it was: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+61"/>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the merge changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+30"/>
        <source>No conflicts: nothing was changed in two places.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>&lt;b&gt;%n conflict(s)&lt;/b&gt;: the same value was changed in two places. The later change is in use; keep the other one instead where it is right. Both values stay in the workbook&apos;s list of conflicts, whichever you keep.</source>
        <translation>
            <numerusform>&lt;b&gt;%n conflict&lt;/b&gt;: the same value was changed in two places. The later change is in use; keep the other one instead where it is right. Both values stay in the workbook&apos;s list of conflicts, whichever you keep.</numerusform>
            <numerusform>&lt;b&gt;%n conflicts&lt;/b&gt;: the same value was changed in two places. The later change is in use; keep the other one instead where it is right. Both values stay in the workbook&apos;s list of conflicts, whichever you keep.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+18"/>
        <source>“{title}” is final: reopen it (Assess › Reopen for editing), then choose again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This agreed rating differs from the room&apos;s median, which needs a reason: set it in the wizard with the reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This value cannot be used: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{title} · {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name}&apos;s rating of “{item}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The agreed rating of “{item}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The note on “{item}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The evidence for “{item}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The target for {function}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name}&apos;s role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deleted in one place, changed in another: the assessment was kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A workbook setting ({field})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A field of a {table} record ({field})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The room&apos;s {field} of “{item}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not applicable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Don&apos;t know</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No rating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{level} · {stage}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(nothing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This workbook (before the merge)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name}&apos;s participant file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file {file}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Time not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set {date} at {time}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MetricChartPanel</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/plan_widgets.py" line="+65"/>
        <source>Metrics chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Path to target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No values recorded yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No metrics yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MetricDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/plan_dialogs.py" line="+30"/>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What you count, for example onboarding completion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%, days, accounts, tickets per 100 accounts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Baseline measured on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where the number comes from: a report, a tool, a survey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Unit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Baseline:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Target:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>S&amp;ource:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Give the metric a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is not a number.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/customers_dialogs.py" line="-106"/>
        <source>CMI Model and Thresholds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{title} ({version})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{id} (not on this computer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;CMI threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Health thre&amp;shold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A customer at or above a threshold is on its high side. Each workbook keeps its own thresholds; the model&apos;s are the default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Reset to the Model&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>This model&apos;s file is not on this computer: put it in the cmi folder of the app&apos;s data folder.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/models_view.py" line="+52"/>
        <source>{number}{percent}</source>
        <comment>a percentage: the number, then the locale&apos;s percent sign</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{level} · {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stage {level} · {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{share} of programs are at this stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ahead of {share}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{level} {name} · {share}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source: {source}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Stage {stage}: where {share} of programs are; ahead of {ahead}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stage {stage}: where {share} of programs are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Cohort chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Drawing the chart…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+111"/>
        <source>Where the program sits among others</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The place among the programs the research looked at shows once every function has a stage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The program is at the model&apos;s top stage: few programs the research looked at got this far.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next steps: the imperatives of stage {stage}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What usually holds programs back there: {challenge}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The job that holds the program back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not known yet: {name} has too few rated items, and it could be the weakest job. Rate it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not known yet: every job needs enough rated items for a stage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+38"/>
        <source>The program has reached the top stage, {stage}, in every job.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>To keep it there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The program stands at {stage}, the stage its weakest job, {weakest}, has reached. The next stage, {target}, is {job}&apos;s work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The next step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What stalls this job: {friction}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One step at a time: take this one, then reassess, every {low} to {high} months.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>not installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{stage}; {job} holds it back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{stage}, where {share} of programs are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>stage not known yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{placement} (draft)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+28"/>
        <source>Latest placement per model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-12"/>
        <source>&amp;Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{model} ({version})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewAssessmentDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/assess.py" line="-360"/>
        <source>New assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>e.g. Spring workshop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+57"/>
        <location line="+84"/>
        <source>A reassessment of the last one: its answers shown beside each item, to &amp;confirm or change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A reassessment of {title} ({date}): its answers shown beside each item, to &amp;confirm or change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-78"/>
        <source>Facilitated &amp;workshop: votes stay hidden until the room reveals them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Assessment {month}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-92"/>
        <source>&amp;Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Fra&amp;mework:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Participants (everyone in the room rates each item)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Participants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New participant name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Role (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New participant role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Start from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A &amp;blank assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Targets (defaults: one stage above where each function stands now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Start assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Assessment {month} ({number})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+51"/>
        <source>{title} used version {old} of the questions; this one uses {new}. Answers to the questions kept from {old} are shown to confirm, answers to questions now asked differently only as a hint, and the new questions are marked new.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{function}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Give the assessment a title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose at least one participant, or add one (a name is enough).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NextStepsPanel</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/overview_plan.py" line="+144"/>
        <source>Plan the next step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;%1&lt;/b&gt;: the job&apos;s next step, above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Next level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 (%2 → %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1. &lt;b&gt;%2&lt;/b&gt;&lt;br&gt;&lt;span style=&apos;color:gray&apos;&gt;%3&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Every rated item of the bottleneck is at its stage or the top stage. Keep it there and check the other functions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>For the other functions, one step each:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+29"/>
        <source>no owner yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✓ Planned: %1, due %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>✓ Planned: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Added to the action plan. Edit &gt; Undo takes it back.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverdueNotice</name>
    <message>
        <location line="+75"/>
        <source>Overdue actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n action(s) overdue</source>
        <translation type="unfinished">
            <numerusform>%n action overdue</numerusform>
            <numerusform>%n actions overdue</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“%1” (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>and %n more</source>
        <translation type="unfinished">
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the Plan</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Overview</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/function_card.py" line="-245"/>
        <source>{level} · {stage}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{date} — {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{change} since the baseline ({date})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{change} since {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>(up %n stage(s))</source>
        <translation>
            <numerusform>(up %n stage)</numerusform>
            <numerusform>(up %n stages)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>(down %n stage(s))</source>
        <translation>
            <numerusform>(down %n stage)</numerusform>
            <numerusform>(down %n stages)</numerusform>
        </translation>
    </message>
    <message>
        <location line="-9"/>
        <source>newly scored: too few items were rated on {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not comparable: too few items are rated now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not comparable: too few items rated</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>{stage}: {reached} of %n item(s) at {stage} or above</source>
        <translation>
            <numerusform>{stage}: {reached} of %n item at {stage} or above</numerusform>
            <numerusform>{stage}: {reached} of %n items at {stage} or above</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n at {stage}</source>
        <translation>
            <numerusform>%n at {stage}</numerusform>
            <numerusform>%n at {stage}</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{basis}, {below}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n don&apos;t know: to find out</source>
        <translation>
            <numerusform>%n don&apos;t know: to find out</numerusform>
            <numerusform>%n don&apos;t know: to find out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n not applicable: left out</source>
        <translation>
            <numerusform>%n not applicable: left out</numerusform>
            <numerusform>%n not applicable: left out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n renamed</source>
        <translation>
            <numerusform>%n renamed</numerusform>
            <numerusform>%n renamed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n split</source>
        <translation>
            <numerusform>%n split</numerusform>
            <numerusform>%n split</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n merged</source>
        <translation>
            <numerusform>%n merged</numerusform>
            <numerusform>%n merged</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n new</source>
        <translation>
            <numerusform>%n new</numerusform>
            <numerusform>%n new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n no longer asked</source>
        <translation>
            <numerusform>%n no longer asked</numerusform>
            <numerusform>%n no longer asked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n moved between functions</source>
        <translation>
            <numerusform>%n moved between functions</numerusform>
            <numerusform>%n moved between functions</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Renamed: {before} is now {after}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split: {before} is now asked as {after}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merged: {before} are now asked as {after}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New in version {version}: {after}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not asked in version {version}: {before}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moved between functions: {after}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Suggested target {target}: reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target {target}: reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Target {target}: rate the function first</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Suggested target {target}: %n stage(s) to go</source>
        <translation>
            <numerusform>Suggested target {target}: %n stage to go</numerusform>
            <numerusform>Suggested target {target}: %n stages to go</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Target {target}: %n stage(s) to go</source>
        <translation>
            <numerusform>Target {target}: %n stage to go</numerusform>
            <numerusform>Target {target}: %n stages to go</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverviewPlan</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/overview_plan.py" line="-77"/>
        <source>Goal and Action Plan</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverviewScreen</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/overview.py" line="+58"/>
        <source>Assessment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Assessment shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Go to &amp;Assess</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Advice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+39"/>
        <source>{date} — {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{assessment} (draft)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+47"/>
        <source>No assessment yet. Start one on the Assess screen: choose who is in the room, rate each practice, and this page then shows where each function stands and what to do next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This assessment uses the framework {framework}, which is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Program stage: {stage}, set by its weakest job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Overall: {stage} ({score})</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Overall: not known yet, %n function(s) lack data</source>
        <translation>
            <numerusform>Overall: not known yet, %n function lacks data</numerusform>
            <numerusform>Overall: not known yet, %n functions lack data</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{overall} (draft: provisional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>every %n month(s)</source>
        <translation>
            <numerusform>every month</numerusform>
            <numerusform>every %n months</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Reassessment overdue by %n day(s)</source>
        <translation>
            <numerusform>Reassessment overdue by %n day</numerusform>
            <numerusform>Reassessment overdue by %n days</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{head}: the last final assessment was on {date}; this workbook reassesses {every}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reassessment due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>{head}: by {date}, in %n day(s).</source>
        <translation>
            <numerusform>{head}: by {date}, in %n day.</numerusform>
            <numerusform>{head}: by {date}, in %n days.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next reassessment due by {date} ({every}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+59"/>
        <source>More advice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+53"/>
        <source>{name} is the weakest function, at {stage}: start here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} is the weakest job, at {stage}: it sets the program&apos;s stage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} has too few rated items, so the weakest function is not known yet: rate it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} has moved only {change} since {date}: it is stuck.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} fell {change} since {date}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} rose {change} since {date}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} rose {change} since the baseline of {date}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} is the strongest function, at {stage}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Gap</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>{name} has {rated} of %n item(s) rated, too few for a stage, so any function could be the weakest.</source>
        <translation>
            <numerusform>{name} has {rated} of %n item rated, too few for a stage, so any function could be the weakest.</numerusform>
            <numerusform>{name} has {rated} of %n items rated, too few for a stage, so any function could be the weakest.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Rate {name} first: %n more item(s) give it a stage.</source>
        <translation>
            <numerusform>Rate {name} first: %n more item gives it a stage.</numerusform>
            <numerusform>Rate {name} first: %n more items give it a stage.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rate {name} first: too many of its items are marked not applicable for it to get a stage; check those answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>It was the weakest function when last scored ({score} on {date}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Of the functions without a stage, it needs the fewest ratings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The bottleneck is not known yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>{name} is the weakest of the %n function(s) ({stage}, score {score}). The program moves no faster than its weakest function, so work here first.</source>
        <translation>
            <numerusform>{name} is the only function ({stage}, score {score}). The program moves no faster than its weakest function, so work here first.</numerusform>
            <numerusform>{name} is the weakest of the %n functions ({stage}, score {score}). The program moves no faster than its weakest function, so work here first.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Disciplines that help:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>{name}: {rated} of {total} items rated; %n more give it a stage.</source>
        <translation>
            <numerusform>{name}: {rated} of {total} items rated; %n more gives it a stage.</numerusform>
            <numerusform>{name}: {rated} of {total} items rated; %n more give it a stage.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: {rated} of {total} items rated; too many are marked not applicable for a stage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>Nobody in the room knew the answer to %n item(s):</source>
        <translation>
            <numerusform>Nobody in the room knew the answer to %n item:</numerusform>
            <numerusform>Nobody in the room knew the answer to %n items:</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Whether a function is stuck shows from the second final assessment on: there is nothing to compare with yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>No function is stuck: each moved at least {threshold} of a stage over the last %n reassessment(s), or is at the top stage.</source>
        <translation>
            <numerusform>No function is stuck: each moved at least {threshold} of a stage over the last reassessment, or is at the top stage.</numerusform>
            <numerusform>No function is stuck: each moved at least {threshold} of a stage over the last %n reassessments, or is at the top stage.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>These functions moved less than {threshold} of a stage over the last %n reassessment(s). More of the same effort is unlikely to move them.</source>
        <translation>
            <numerusform>These functions moved less than {threshold} of a stage over the last reassessment. More of the same effort is unlikely to move them.</numerusform>
            <numerusform>These functions moved less than {threshold} of a stage over the last %n reassessments. More of the same effort is unlikely to move them.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>({change}: {path})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Questions to reinvent them:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(for {functions})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParticipantFilesDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/participant_files.py" line="+43"/>
        <location line="+157"/>
        <source>Participant files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-153"/>
        <source>Each participant gets a file of their own to rate on their laptop. It holds this assessment and only their own ratings, so nobody sees anyone else&apos;s vote. Collect the files afterwards and bring them back with File › Import / Merge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{title} · {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Assessment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Participants who get a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Participants:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Folder for the files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>F&amp;older:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Write the files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Participant files {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Folder for the participant files</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n file(s) will be written.</source>
        <translation>
            <numerusform>%n file will be written.</numerusform>
            <numerusform>%n files will be written.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Replace the files?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Some of these files are in {folder} already (for example {name}). Replace them? Ratings in the old files that were not merged back yet would be lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The files could not be written: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Participant files written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{count} in {folder}:

{names}

Give each person their own file. They open it in this app, rate, and give it back; then merge the files with File › Import / Merge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Participant files are for an assessment in progress. Start a new assessment first (File › New Assessment).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhaseDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/plan_dialogs.py" line="+191"/>
        <source>Roadmap Phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Optional: the horizon names it otherwise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ends on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;When:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ends &amp;on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target stage per function</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Plan</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/plan_texts.py" line="+24"/>
        <source>Educate the market</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More marketing-qualified leads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Faster onboarding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revenue or profit from selling training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Larger average deal size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fewer calls to support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Less services time spent training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More product usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Higher renewal rates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Upsell to higher user tiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More add-on feature purchases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Better customer outcomes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Planned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>By the next reassessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Within a year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By a date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+26"/>
        <source>No phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Whole program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+58"/>
        <source>A goal has at most five metrics. Remove one before you add another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Another version of the goal starts on %1. Pick another date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Give it a name or title first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pick a date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That number is too large or is not a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The workbook refused this change: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/plan_widgets.py" line="+222"/>
        <source>Already Planned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“%1” already works on this step. Add another action anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add Another</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New Action from a Next Step</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlanScreen</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/plan_view.py" line="+81"/>
        <source>Goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+163"/>
        <source>Set the &amp;Goal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-161"/>
        <source>The Goal &amp;Changed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start a new version of the goal from a date; the earlier one stays in History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove This Version…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add &amp;Metric…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ed&amp;it Metric…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Record Va&amp;lues…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The value of each metric at an assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Action Plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+201"/>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-200"/>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>F&amp;unction:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Phase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+362"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-362"/>
        <source>Function</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last Changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+23"/>
        <source>Phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;New Action…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edi&amp;t Action…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark &amp;Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Roadmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Target Stages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Roadmap phases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add Ph&amp;ase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit Phase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove Phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+48"/>
        <source>No goal yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Begin with the end in mind: pick the company priority the program serves, say what education will achieve for it, and choose 1 to 5 metrics to follow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(no company priority)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(no education goal written yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In force since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n earlier version(s) kept for History</source>
        <translation>
            <numerusform>%n earlier version kept for History</numerusform>
            <numerusform>%n earlier versions kept for History</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+91"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-89"/>
        <source>Edit the &amp;Goal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>All functions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Whole program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All phases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+54"/>
        <source>%n action(s) overdue</source>
        <translation>
            <numerusform>%n action overdue</numerusform>
            <numerusform>%n actions overdue</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>after the first assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This date has passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Not Changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The Goal Changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Remove This Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the goal in force since %1 with its metrics and their values? Edit &gt; Undo brings them back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+53"/>
        <source>New Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+69"/>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlanSummary</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/plan_widgets.py" line="-179"/>
        <source>Open the Plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No goal yet. Start the plan with the company priority the program serves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Company priority: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Education goal: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Add 1 to 5 metrics to see progress toward the goal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+40"/>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="-37"/>
        <source>%n action(s) overdue</source>
        <translation>
            <numerusform>%n action overdue</numerusform>
            <numerusform>%n actions overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n open action(s)</source>
        <translation>
            <numerusform>%n open action</numerusform>
            <numerusform>%n open actions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>(and %n more)</source>
        <translation>
            <numerusform>(and %n more)</numerusform>
            <numerusform>(and %n more)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+15"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-11"/>
        <source>No open actions. Turn a next step into an action.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1: no value yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>target %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1% of the way</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/dialogs.py" line="+18"/>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A4</source>
        <comment>paper size</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Letter</source>
        <comment>paper size</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Paper size for PDF and printing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reopen the last workbook at start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How often a workbook is reassessed is set with the workbook, in File › Workbook Properties.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Presenter</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/presenter.py" line="+44"/>
        <source>{app} — presenter view</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PresenterWindow</name>
    <message>
        <location line="+11"/>
        <source>Time left on this item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Waiting for the facilitator to open an assessment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+34"/>
        <source> · round {round}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{function} · item {number} of {count}{round}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>&lt;b&gt;%n of {count} voted&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%n of {count} voted&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;%n of {count} voted&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <location line="+38"/>
        <source>{name}: voted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: not voted yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{title}: where the room stands</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RadarTargets</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/overview_plan.py" line="+98"/>
        <source>Radar tar&amp;gets:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Targets on the radar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This assessment&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 (by %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Phase: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RatingRow</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/item_page.py" line="-317"/>
        <source>N/A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not applicable (N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Don&apos;t know (?)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/room_dialogs.py" line="-109"/>
        <source>Why this rating?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The room settles on {level}, away from the median of the votes ({median}). Note why, so the next reassessment knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Why:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The facilitator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Set &amp;by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Set the agreed rating</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReassessmentReview</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/review_page.py" line="+45"/>
        <source>Before you rate: what happened since last time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Look back together first: which actions were done, dropped or are still open, and how the goal&apos;s metrics moved. Then rate each item as things stand today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What happened since the last assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Record This Assessment&apos;s Metric V&amp;alues…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The value each metric of the goal has now, kept with this assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Start Ratin&amp;g →</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go on to the items (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Look &amp;Back at Last Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happened since the last assessment: the actions and the metrics&apos; values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Since the last assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Since %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n action(s) done</source>
        <translation>
            <numerusform>%n action done</numerusform>
            <numerusform>%n actions done</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n dropped</source>
        <translation>
            <numerusform>%n dropped</numerusform>
            <numerusform>%n dropped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n carried over</source>
        <translation>
            <numerusform>%n carried over</numerusform>
            <numerusform>%n carried over</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: %2 → %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportActions</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/report_actions.py" line="+26"/>
        <source>PDF documents (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Nothing to report yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unknown framework</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“%1” was made with the framework “%2” (version %3), which is not installed. Add its file under Preferences to report on it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This workbook has no final assessment yet. Finalize one on the Assess screen, then export its snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The chosen assessment was made with another framework than the one it is reported with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The chosen assessment is no longer in this workbook. Choose one on the History screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Some text has no font</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Export PDF snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot export the PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 could not be written: %2. Choose another folder or free some space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Saved %1 (%n page(s))</source>
        <translation>
            <numerusform>Saved %1 (%n page)</numerusform>
            <numerusform>Saved %1 (%n pages)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who prepared the snapshot could not be kept in the workbook: %1. The PDF is written without it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Print preview — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Print snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Cannot print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The snapshot could not be printed: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/plan_widgets.py" line="+31"/>
        <source>Up to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Since %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No actions or metric values to review yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Done (%n)</source>
        <translation>
            <numerusform>Done (%n)</numerusform>
            <numerusform>Done (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Dropped (%n)</source>
        <translation>
            <numerusform>Dropped (%n)</numerusform>
            <numerusform>Dropped (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Carried over (%n)</source>
        <translation>
            <numerusform>Carried over (%n)</numerusform>
            <numerusform>Carried over (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>due %1, overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 (at %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not recorded yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2 → %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomPanel</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/room_panel.py" line="-98"/>
        <source>Revea&amp;l the votes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show everyone&apos;s votes together (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Another r&amp;ound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep these votes as a round and vote again, hidden (Ctrl+Shift+R)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomTexts</name>
    <message>
        <location line="-178"/>
        <source>not applicable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>don&apos;t know</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not rated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>an unknown participant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{names} and {last}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Spread: %n stage(s) ({low}–{high})</source>
        <translation>
            <numerusform>Spread: %n stage ({low}–{high})</numerusform>
            <numerusform>Spread: %n stages ({low}–{high})</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;The room is split:&lt;/b&gt; votes from {low} to {high}. Hear {highest} ({high}) and {lowest} ({low}) first, then agree a rating and note why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>; </source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n × {answer}</source>
        <translation>
            <numerusform>%n × {answer}</numerusform>
            <numerusform>%n × {answer}</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No votes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Votes: {counts}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Round {round}: {counts}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Round {round}: %n of {count} voted; the votes stay hidden until the reveal.</source>
        <translation>
            <numerusform>Round {round}: %n of {count} voted; the votes stay hidden until the reveal.</numerusform>
            <numerusform>Round {round}: %n of {count} voted; the votes stay hidden until the reveal.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Round {round}: the votes are revealed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScoringDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/customers_dialogs.py" line="-158"/>
        <source>The id your team knows the customer by (from your CRM or messaging tool); imports match on it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The day the customer was scored; a second scoring on the same day replaces the first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The customer health score, 0 to 100, from your health scoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;CHS (health)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Qualifier scores, 1 to 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Give the customer&apos;s id: the one your team knows it by.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is already a customer with the id {id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Give the customer&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/session.py" line="+28"/>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workbook Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Participant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assessment Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete Assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reopen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agreed Rating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hidden Votes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reveal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Round</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Several Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SnapshotReport</name>
    <message>
        <location filename="../../desktop/maturity_workbook/report/summary.py" line="+255"/>
        <location filename="../../desktop/maturity_workbook/report/wording.py" line="+15"/>
        <source>insufficient data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <location filename="../../desktop/maturity_workbook/report/wording.py" line="+8"/>
        <source>%1 of %2</source>
        <comment>items rated of all items</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/maturity_workbook/report/wording.py" line="+3"/>
        <source>(%n n/a)</source>
        <comment>items not applicable</comment>
        <translation>
            <numerusform>(%n n/a)</numerusform>
            <numerusform>(%n n/a)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>(%n don&apos;t know)</source>
        <comment>items nobody knew</comment>
        <translation>
            <numerusform>(%n don&apos;t know)</numerusform>
            <numerusform>(%n don&apos;t know)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>not rated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not applicable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/detail.py" line="+144"/>
        <location filename="../../desktop/maturity_workbook/report/wording.py" line="+2"/>
        <source>don&apos;t know</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/content.py" line="+160"/>
        <source>Untitled program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>P%1</source>
        <comment>an anonymized participant</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unknown participant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>(draft)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 — maturity snapshot, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 · Maturity snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Generated %1 with %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Customer education maturity of %1: %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>maturity assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Page %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (continued)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+26"/>
        <source>MATURITY SNAPSHOT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Prepared for %1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 this assessment is not final yet; its ratings may still change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Draft:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Assessed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1; compared with %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/summary.py" line="+84"/>
        <source>Participants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/content.py" line="-17"/>
        <source>Framework</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1 (%2), %n participant(s)</source>
        <translation>
            <numerusform>%1 (%2), %n participant</numerusform>
            <numerusform>%1 (%2), %n participants</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the first assessment with this framework</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source> and with the baseline of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>none recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n participant(s), shown as %1 to %2</source>
        <translation>
            <numerusform>%n participant, shown as %1</numerusform>
            <numerusform>%n participants, shown as %1 to %2</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1, version %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(scored with version %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/summary.py" line="-313"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Overall stage: %1 (score %2 of %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source> %1 since %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source> %1 since the baseline of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Overall stage: %1. Too few items are rated to score: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+205"/>
        <source>not determined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-198"/>
        <source> No change since %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source> No change since the baseline of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Key findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 is stuck: %2 since %3, less than %4 of a stage. More of the same effort is unlikely to move it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 fell by %2 since %3, to %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 rose by %2 since %3, to %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 rose by %2 since the baseline of %3, to %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is the strongest function, at %2 (score %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Start with %1, the weakest function, at %2 (score %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source> First step: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Where to start is not known yet: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 has %2 of %3 items rated, too few for a stage, and the weakest function could be there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source> It was the weakest when last scored (%1 on %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source> Rate it first: %n more item(s) give it a stage.</source>
        <translation>
            <numerusform> Rate it first: %n more item gives it a stage.</numerusform>
            <numerusform> Rate it first: %n more items give it a stage.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source> Rate it first: too many of its items are marked not applicable for a stage; check those answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>%1: %2 moved less than %3 of a stage over the last %n reassessment(s); questions to rethink the work are under What to do.</source>
        <translation>
            <numerusform>%1: %2 moved less than %3 of a stage over the last reassessment; questions to rethink the work are under What to do.</numerusform>
            <numerusform>%1: %2 moved less than %3 of a stage over the last %n reassessments; questions to rethink the work are under What to do.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stuck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+31"/>
        <source>newly scored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no score now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 (no stage yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 (%n to go)</source>
        <comment>stages to go</comment>
        <translation>
            <numerusform>%1 (%n to go)</numerusform>
            <numerusform>%1 (%n to go)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Rests on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>stuck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+93"/>
        <source>About this assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/plan_section.py" line="+59"/>
        <source>Planned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>By the next reassessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Within a year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By a date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Whole program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The goal and its metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source> Its %n metric(s) follow on the next page.</source>
        <translation>
            <numerusform> Its %n metric follows on the next page.</numerusform>
            <numerusform> Its %n metrics follow on the next page.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source> The education goal and its metrics follow on the next page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The company goal and its metrics follow on the next page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+15"/>
        <source>Goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 by %2</source>
        <comment>a metric&apos;s target and when</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1%</source>
        <comment>a share of the way, in percent</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Baseline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Actual</source>
        <comment>the metric&apos;s value at this assessment</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>MMM yyyy</source>
        <comment>month and year (QDate pattern)</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Action plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No open actions. On the Overview, one key turns a next step into an action with an owner and a due date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not in a phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>A metric&apos;s progress is the share of the way from its baseline to its target that its value at the assessment has come. The action plan lists the open actions and those done or dropped since the previous assessment; an open action is overdue once its due date has passed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%n open action(s).</source>
        <translation>
            <numerusform>%n open action.</numerusform>
            <numerusform>%n open actions.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source> %n overdue on %1.</source>
        <translation>
            <numerusform> %n overdue on %1.</numerusform>
            <numerusform> %n overdue on %1.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source> Since %1: %2 done, %3 dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1: %2</source>
        <comment>a function and its target stage</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+26"/>
        <location line="+3"/>
        <source>Phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target stages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+1"/>
        <location filename="../../desktop/maturity_workbook/report/sections.py" line="+247"/>
        <location filename="../../desktop/maturity_workbook/report/summary.py" line="-118"/>
        <source>Function</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>no owner yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/summary.py" line="+1"/>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/portfolio.py" line="+44"/>
        <source>Customers on the maturity and health matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The workbook&apos;s customers are scored on the CMI model %1, which was not available when this snapshot was made, so they are not shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%Ln customer(s), each placed by its latest scoring (the last on %1): its Customer Maturity Index (CMI), from the qualifier scores of the model “%2”, against its customer health score (CHS). At or above %3 CMI and %4 health a customer is on the high side.</source>
        <translation>
            <numerusform>%Ln customer, each placed by its latest scoring (the last on %1): its Customer Maturity Index (CMI), from the qualifier scores of the model “%2”, against its customer health score (CHS). At or above %3 CMI and %4 health a customer is on the high side.</numerusform>
            <numerusform>%Ln customers, each placed by its latest scoring (the last on %1): its Customer Maturity Index (CMI), from the qualifier scores of the model “%2”, against its customer health score (CHS). At or above %3 CMI and %4 health a customer is on the high side.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Customer Maturity Index (CMI)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer health score (CHS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+56"/>
        <source>Content track</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Each dot is a customer; the lines are the thresholds, and each quadrant is named with its number of customers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Arrows run from where a customer stood on %1 to where it stands now, for the customers that changed quadrant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Quadrant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Playbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+22"/>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-20"/>
        <location line="+22"/>
        <location filename="../../desktop/maturity_workbook/report/summary.py" line="+4"/>
        <source>Since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-18"/>
        <source>high-touch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tech-touch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>CMI band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Changed quadrant since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No customer changed quadrant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 more changed quadrant; the Customers screen lists them all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln customer(s) changed quadrant.</source>
        <translation>
            <numerusform>%Ln customer changed quadrant.</numerusform>
            <numerusform>%Ln customers changed quadrant.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/summary.py" line="+3"/>
        <source>Since baseline %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/plan_section.py" line="-146"/>
        <location filename="../../desktop/maturity_workbook/report/summary.py" line="+3"/>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/sections.py" line="+4"/>
        <location filename="../../desktop/maturity_workbook/report/summary.py" line="+15"/>
        <source>Overall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/summary.py" line="+12"/>
        <source>An arrow marks a function that moved up (↑) or down (↓) a stage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No targets were set for this assessment; the targets shown are one stage above today&apos;s stage, as the model advises against leaping stages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-59"/>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-36"/>
        <source>%1 of %2 at or above</source>
        <comment>rated items at the function&apos;s stage or above, of those rated</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(%1 of %2 rated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+37"/>
        <source>%1, reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+78"/>
        <source>the suggested targets, one stage up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rings mark the stages, from %1 at the centre to %2 at the rim; the dashed line shows %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/detail.py" line="-114"/>
        <source>Item detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every item of the assessment with the agreed rating, each participant&apos;s rating and the spread between them, and the notes and evidence recorded. Levels: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Participants are shown as P1, P2 and so on, in the order they were listed for the assessment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>score %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 items rated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+39"/>
        <source>agreed by the room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>median of the ratings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(new in version %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(asked differently in version %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(was %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Agreed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>All agree.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Spread %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wide spread: %1 stages apart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ratings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Participant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Round</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Each item is rated at a stage level, as not applicable (left out of the score) or as don&apos;t know (a gap, listed to find out). A function&apos;s stage is the highest stage that most of its rated items (more than half) have reached, so one strong item never carries it; its score, the mean of its rated items&apos; agreed ratings, and how many items sit at or above the stage are shown beside it. A function needs at least half of its items rated at a level to have a stage. The overall stage follows the same rule over the function stages, and the overall score is the mean of the function scores. The bottleneck is the function at the lowest stage (on a tie, the lower score); while any function has too few rated items it is not known, and the snapshot names the function to rate first. What to do gives the advice, one stage up, for the bottleneck&apos;s lowest-rated items, never for an item already above its function&apos;s stage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The agreed rating of an item is the one the room set, or else the median of the participants&apos; ratings; the spread is the distance between the lowest and highest rating.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>How to read this snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 %2 follows %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>About this workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/maturity_workbook/report/i18n.py" line="+54"/>
        <source>%n participant(s)</source>
        <comment>a count of people</comment>
        <translation>
            <numerusform>%n participant</numerusform>
            <numerusform>%n participants</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>en</source>
        <comment>BCP 47 language tag of this translation of the report</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>d MMM yyyy</source>
        <comment>date format of the report (QDate pattern)</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+25"/>
        <location filename="../../desktop/maturity_workbook/report/portfolio.py" line="-70"/>
        <source>no change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <location filename="../../desktop/maturity_workbook/report/plan_section.py" line="+98"/>
        <source>, </source>
        <comment>list separator</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 and %2</source>
        <comment>the last two of a list</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/sections.py" line="-220"/>
        <source>What to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Where to start: not known yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Start with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The program moves no faster than its weakest function, so work here first, one stage at a time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Disciplines that help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Next steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every rated item of this function is at its stage or beyond, or at the top stage; no step is suggested.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>From %1 to %2: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Stuck functions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Whether a function is stuck is judged from the second final assessment on: there is no earlier one to compare with yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>net change %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Not enough data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-98"/>
        <source>No other function is named as the place to start: the program moves no faster than its weakest function, and that is not known until every function has a stage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>It is at %1 with a score of %2, the lowest of the %n scored function(s).</source>
        <translation>
            <numerusform>It is at %1 with a score of %2, and it is the only function with a score.</numerusform>
            <numerusform>It is at %1 with a score of %2, the lowest of the %n scored functions.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>One step for each other function</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+46"/>
        <source>None: every function with a score moved by at least %1 of a stage over the last %n reassessment(s), or is already at the top stage.</source>
        <translation>
            <numerusform>None: every function with a score moved by at least %1 of a stage over the last reassessment, or is already at the top stage.</numerusform>
            <numerusform>None: every function with a score moved by at least %1 of a stage over the last %n reassessments, or is already at the top stage.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>These functions moved by less than %1 of a stage over the last %n reassessment(s). More of the same effort is unlikely to move them; the questions below help rethink how the work is done.</source>
        <translation>
            <numerusform>These functions moved by less than %1 of a stage over the last reassessment. More of the same effort is unlikely to move them; the questions below help rethink how the work is done.</numerusform>
            <numerusform>These functions moved by less than %1 of a stage over the last %n reassessments. More of the same effort is unlikely to move them; the questions below help rethink how the work is done.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>no net change (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <source>%1 of %2 items rated; %n more give it a stage.</source>
        <translation>
            <numerusform>%1 of %2 items rated; %n more gives it a stage.</numerusform>
            <numerusform>%1 of %2 items rated; %n more give it a stage.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 of %2 items rated; too many are marked not applicable for a stage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>To find out before the next workshop</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Nobody in the room knew the answer to %n item(s):</source>
        <translation>
            <numerusform>Nobody in the room knew the answer to %n item:</numerusform>
            <numerusform>Nobody in the room knew the answer to %n items:</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>was due by %1 and is overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is due soon, by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is due by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Reassess every %n month(s), counting from the assessment of %1: the next one %2. Compare it with this snapshot.</source>
        <translation>
            <numerusform>Reassess every month, counting from the assessment of %1: the next one %2. Compare it with this snapshot.</numerusform>
            <numerusform>Reassess every %n months, counting from the assessment of %1: the next one %2. Compare it with this snapshot.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Progress over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>Each function&apos;s score at each of the %n assessment(s); a gap means too few items were rated that time. Bands are the stages.</source>
        <translation>
            <numerusform>Each function&apos;s score at the one assessment so far; a gap means too few items were rated. Bands are the stages.</numerusform>
            <numerusform>Each function&apos;s score at each of the %n assessments; a gap means too few items were rated that time. Bands are the stages.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The first assessment and the last %1 of %2 are shown; the chart above shows all %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Changes since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No item&apos;s agreed rating changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n item(s) changed agreed rating.</source>
        <translation>
            <numerusform>%n item changed agreed rating.</numerusform>
            <numerusform>%n items changed agreed rating.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+13"/>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-12"/>
        <location line="+13"/>
        <source>Before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-12"/>
        <location line="+13"/>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-10"/>
        <source>No item&apos;s agreed level moved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Not counted as a change in maturity: %n item(s) rated on one side only, or not applicable on one side.</source>
        <translation>
            <numerusform>Not counted as a change in maturity: %n item rated on one side only, or not applicable on one side.</numerusform>
            <numerusform>Not counted as a change in maturity: %n items rated on one side only, or not applicable on one side.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/text.py" line="+468"/>
        <source>Korean (Hangul)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Japanese (kana)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese, Japanese or Korean characters (CJK)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arabic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hebrew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an Indic script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thai</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>emoji</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>some characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No installed font can draw %1 (%2): those characters print as empty boxes. Install a font for it and export again, for example the package %3 on Debian or Ubuntu, or a Noto font from your system&apos;s font settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/maturity_workbook/report/models_section.py" line="+34"/>
        <source>%1%2</source>
        <comment>a percentage: the number, then the locale&apos;s percent sign</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Stage {level} · {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{share} of programs are at this stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ahead of {share}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{level} {name} · {share}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source: {source}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Where the program sits among others</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The place among the programs the research looked at is shown once every function has a stage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stage %1: where %2 of the programs the research looked at are; ahead of %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stage %1: where %2 of the programs the research looked at are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The program is at the model&apos;s top stage: few of the programs the research looked at got this far.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next steps: the imperatives of stage %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+38"/>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-37"/>
        <source>What usually holds programs back there:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The job that holds the program back: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The program has reached the top stage, %1, in every job.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The program stands at %1, the stage its weakest job, %2, has reached. The next stage, %3, is the work of %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>To keep it there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The next step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What stalls this job:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One step at a time: take this one, then reassess, every %1 to %2 months.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 to %2</source>
        <comment>a range of stages</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>holds the program back: next, stage %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>at stage %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the program is</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/maturity_workbook/report/versions.py" line="+26"/>
        <source>%n renamed</source>
        <translation>
            <numerusform>%n renamed</numerusform>
            <numerusform>%n renamed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n split</source>
        <translation>
            <numerusform>%n split</numerusform>
            <numerusform>%n split</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n merged</source>
        <translation>
            <numerusform>%n merged</numerusform>
            <numerusform>%n merged</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n new</source>
        <translation>
            <numerusform>%n new</numerusform>
            <numerusform>%n new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n no longer asked</source>
        <translation>
            <numerusform>%n no longer asked</numerusform>
            <numerusform>%n no longer asked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n moved between functions</source>
        <translation>
            <numerusform>%n moved between functions</numerusform>
            <numerusform>%n moved between functions</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>“%1”</source>
        <comment>a quoted question</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Renamed: %1 is now %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Split: %1 is now asked as %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Merged: %1 are now asked as %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New in version %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not asked in version %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Moved between functions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 Questions of version %2 then, %3 now, each scored with its own; the marked functions&apos; items differ (see Progress over time).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Questions that differ from version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The assessment of %1 was made with version %2 of the questions, this one with version %3. Each is scored with its own version; functions are compared by stage and score, and the items asked both times one to one. Where a function&apos;s items differ, part of its change comes from asking other questions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SplitQueue</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/room_controls.py" line="+33"/>
        <source>S&amp;plit items, widest first (Ctrl+J):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Split items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{mark} {spread}: {function} {number}. {prompt}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n stage(s) apart</source>
        <translation>
            <numerusform>%n stage apart</numerusform>
            <numerusform>%n stages apart</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>settled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>votes from {low} to {high}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No split items so far.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StartOpener</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/start_open.py" line="+50"/>
        <source>Opening the sample…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opening {name}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepRow</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/overview_plan.py" line="-300"/>
        <source>Make It an Action…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add this step to the action plan; you fill in who and by when (Enter on the step does the same)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Enter makes this step an action</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/texts.py" line="+25"/>
        <source>The file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name} does not exist any more; it may have been moved or renamed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} exists already; choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} is empty: it holds no workbook.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} was saved by a newer version of {app} (file format {found}; this version reads format {supported} and older). Update the app to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} is damaged, or was changed by another program in a way this app cannot read safely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} is not a workbook file this app can open: it may be another kind of file, a folder, text in another encoding, or far too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} is open read-only, so it cannot be changed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} is open in another window or program. Close it there, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{source} cannot be merged into this workbook; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} cannot be used for this; choose another file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} could not be read or written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{name} could not be used: {why}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Something went wrong with {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the disk is full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>there is no permission to write there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the disk is read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file would be larger than the disk allows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the disk reported an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>its folder is gone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the system refused the write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the file now has other names (hard links), and saving would separate them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the file has been marked read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the workbook is no longer being saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not save {name}: {why}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{problem} Your changes are kept in this window; free some space or check the folder, and the next change tries again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This workbook is open read-only, as asked: you can look through it but not change it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This workbook is open in another window or program, so it is read-only here. Close it there and open it again to edit it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The lock that keeps two programs from writing this workbook at once could not be made (the folder may not be writable), so it is open read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file is marked read-only, so it is open read-only. Allow changes in its permissions, or save a copy to edit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The folder holding this workbook cannot be written, so it is open read-only. Save a copy elsewhere to edit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file has other names (hard links); saving would separate them, so it is open read-only. Save a copy to edit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This workbook is open read-only: you can look through it but not change it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A participant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Participant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The participant&apos;s role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who took part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>An item id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A function id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A record id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A workbook setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>That assessment is not in this workbook any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That participant is not in this workbook; add them first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That record is not in this workbook any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{title}” is final; reopen it before changing it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} is not taking part in “{title}”; add them to the assessment first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} has ratings in this workbook, so they cannot be removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{what} needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what} must be text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what} is too long: {length} characters, at most {limit}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{what} must be a short text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A rating must be a stage of the model, not applicable, don&apos;t know, or empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>That is not a date this workbook can keep.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what} must be a number from {low} to {high}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{what} must be one of: {choices}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what} must be a list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new assessment needs a framework with an id and a version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{what} refers to something that is not in this workbook.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{what}: at most {limit}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what} exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is {name}&apos;s participant file: only {name}&apos;s own ratings can be changed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nobody has voted on this item in this round yet, so there is nothing to vote on again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The agreed rating differs from the room&apos;s median: say why in the reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That is not an email address (like name@example.com).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+13"/>
        <source>That change is not allowed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Before editing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before an import or merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before restoring a backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Before upgrading the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before upgrading the file from format {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Put in the folder by hand ({name})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other ({reason})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Date unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{date} {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{when} ({why})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimerControl</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/room_controls.py" line="+20"/>
        <location line="+49"/>
        <source>&amp;Timer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Start or pause this item&apos;s timer (Ctrl+T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Time left on this item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timer length in minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reset this item&apos;s timer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset the timer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Time is up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pause &amp;timer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrendPage</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/customers_charts.py" line="+92"/>
        <source>How many customers were in each quadrant and on each track, at each scoring date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save Tren&amp;d…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the trend as a PNG picture or an SVG drawing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Customers per quadrant and track over time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/welcome.py" line="+18"/>
        <source>Rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go through each function&apos;s practices alone or as a room; everyone rates, the room agrees, and every note is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>See</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find the stage of each function, the one holding you back, and the next step up, with the radar of where you stood last time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print a snapshot for the executives and reassess in six to twelve months against the history in the same file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Where does your customer-education program stand in each function, which one holds it back, and what is the one next step?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;New workbook…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Create a workbook file for one program or client (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a workbook file (Ctrl+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the &amp;sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A fictional program with four assessments over two versions of the questions, to explore (a copy in your data folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Recent workbooks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Recent workbooks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Workbooks you open appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{name} (missing)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkbookPropertiesDialog</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/workbook_properties.py" line="+51"/>
        <source>Workbook properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>These belong to the workbook file and print on the first page of every PDF snapshot made from it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The program or client this workbook assesses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You, or your organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printed on page 1 as “prepared by”, and as the PDF&apos;s author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>For example: Confidential, for the leadership team only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source> months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reassess every, in months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model advises reassessing every %1 to %2 months; the Overview says when the next one is due.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Workbook &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prepared &amp;by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confidentiality &amp;line:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reassess every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>This workbook is open read-only, so its properties cannot be changed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The workbook needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Properties not changed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkbookSession</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/session.py" line="+72"/>
        <source>All changes saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkbookView</name>
    <message>
        <location filename="../../desktop/maturity_workbook/ui/workbook_view.py" line="+36"/>
        <source>Save state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Participant file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assess</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Where the program stands and what to do next (Ctrl+1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run or continue an assessment (Ctrl+2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every assessment, trends and comparisons (Ctrl+3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The goal, its metrics, the action plan and the roadmap (Ctrl+4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customers on the maturity × health matrix: table, matrix, trends (Ctrl+5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>A participant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name}&apos;s participant file: your own ratings only. When you are done, give this file back to the facilitator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not in a participant file: the facilitator&apos;s workbook shows the results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>✓ Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>⚠ Not saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_MergePlurals</name>
    <message numerus="yes">
        <location filename="../../desktop/maturity_workbook/ui/merge_dialog.py" line="+94"/>
        <source>%n file(s) merged: they hold nothing this workbook does not have already.</source>
        <translation>
            <numerusform>%n file merged: it holds nothing this workbook does not have already.</numerusform>
            <numerusform>%n files merged: they hold nothing this workbook does not have already.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_Plurals</name>
    <message numerus="yes">
        <location filename="../../desktop/maturity_workbook/ui/dialogs.py" line="-182"/>
        <source>%n item(s) are not finished yet; unrated items count as not rated in the scores.</source>
        <translation>
            <numerusform>%n item is not finished yet; unrated items count as not rated in the scores.</numerusform>
            <numerusform>%n items are not finished yet; unrated items count as not rated in the scores.</numerusform>
        </translation>
    </message>
</context>
</TS>
